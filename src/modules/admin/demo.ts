/**
 * Demo data of the admin module: a pending connection request (with small real PDFs) and a sixth,
 * suspended community with the reason on record. Safe to run on every start.
 */
import type { CoreContext } from '../../core/context.js';
import { TOOL_IDS } from '../../core/tools.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { inTransaction } from '../../core/db/transaction.js';
import { invalidateCommunitySwitcher } from '../../core/http/navigation.js';
import { catalogEntry, CATALOG } from './catalog.js';
import { minimalPdf } from './pdf.js';
import { q, recordStatusChange } from './repository.js';
import { submitRequest } from './service.js';

export const DEMO_SUSPENDED_SLUG = 'novhorod-siverskyi';
export const DEMO_PENDING_NAME = 'Ніжинська міська територіальна громада';
export const DEMO_SUSPENSION_REASON =
  'Рада два місяці не розглядає петиції, що набрали підписи, і не призначила нового модератора. Участь призупинено до призначення відповідальної особи (демонстраційні дані).';

async function seedSuspendedCommunity(ctx: CoreContext): Promise<void> {
  const entry = CATALOG.find((c) => c.suggestedSlug === DEMO_SUSPENDED_SLUG)!;
  if (await ctx.db.selectFrom('communities').select('id').where('slug', '=', DEMO_SUSPENDED_SLUG).executeTakeFirst()) return;
  await inTransaction(ctx.db, async (trx) => {
    const row = await trx
      .insertInto('communities')
      .values({
        slug: DEMO_SUSPENDED_SLUG,
        name_uk: entry.name.uk,
        name_en: entry.name.en,
        oblast_uk: entry.oblast.uk,
        oblast_en: entry.oblast.en,
        raion_uk: entry.raion.uk,
        raion_en: entry.raion.en,
        territorial_codes: [entry.code],
        population: entry.population,
        coat_of_arms_url: null,
        contacts: JSON.stringify({ address: 'вул. Захарченка, 1, м. Новгород-Сіверський, 16000', email: 'demo-ns@viche.example' }),
        enabled_tools: TOOL_IDS.filter((t) => t !== 'school-budget'),
        sign_in_policy: 'idgovua',
        status: 'suspended',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = ctx.clock.now();
    await recordStatusChange(trx, { communityId: row.id, status: 'suspended', reason: DEMO_SUSPENSION_REASON, by: null, now });
    await recordAudit(trx, {
      communityId: row.id,
      actorUserId: null,
      action: 'community.suspended',
      subjectType: 'community',
      subjectId: row.id,
      before: { status: 'connected' },
      after: { status: 'suspended', reason: DEMO_SUSPENSION_REASON },
    });
  });
  invalidateCommunitySwitcher(ctx);
}

async function seedPendingRequest(ctx: CoreContext): Promise<void> {
  const entry = CATALOG.find((c) => c.name.uk === DEMO_PENDING_NAME)!;
  const exists = await q(ctx.db).selectFrom('connection_requests').select('id').where('territorial_code', '=', entry.code).executeTakeFirst();
  if (exists || !catalogEntry(entry.code)) return;
  const pdf = (title: string) => ({ name: 'demo.pdf', data: minimalPdf([title, 'Nizhyn City Council - demo document', 'Viche demo data, not a real document']) });
  await submitRequest(ctx, {
    lang: 'uk',
    input: {
      territorialCode: entry.code,
      name: entry.name,
      oblast: entry.oblast,
      raion: entry.raion,
      population: entry.population,
      contactName: 'Демченко Олена Василівна',
      contactPosition: 'секретар Ніжинської міської ради',
      contactEmail: 'demo-nizhyn@viche.example',
      contactPhone: '+380463172000',
      councilAddress: 'пл. імені Івана Франка, 1, м. Ніжин, 16600',
      councilWebsite: 'https://nizhynrada.gov.ua',
      moderatorEmails: ['demo-nizhyn@viche.example', 'moderator.nizhyn@demo.viche.example'],
      tools: ['petitions', 'budgets', 'open-city', 'stats'],
      petitionThreshold: 150,
      petitionDays: 60,
      budgetTotal: 3_000_000,
      budgetCategories: ['Благоустрій', 'Освіта', 'Культура і спорт', 'Безпека'],
      budgetMaxChoices: 3,
      budgetMinAge: 16,
    },
    files: { memorandum: pdf('Memorandum of cooperation'), letter: pdf('Letter of the council') },
  });
}

export async function seedAdminDemo(ctx: CoreContext): Promise<void> {
  await seedSuspendedCommunity(ctx);
  await seedPendingRequest(ctx);
}
