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
import { q, recordStatusChange } from './repository.js';
import { submitRequest } from './service/requests.js';

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
  const pdf = (title: string) => ({
    name: 'demo.pdf',
    data: minimalPdf([title, 'Nizhyn City Council - demo document', 'Viche demo data, not a real document']),
  });
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

/**
 * A tiny valid one-page PDF with a few lines of Latin text: the demo request's memorandum and letter,
 * and test fixtures. Offsets in the cross-reference table are computed, so readers open it cleanly.
 */
export function minimalPdf(lines: string[]): Buffer {
  const escape = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  const text = lines.map((l, i) => `BT /F1 12 Tf 72 ${760 - i * 18} Td (${escape(l)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
