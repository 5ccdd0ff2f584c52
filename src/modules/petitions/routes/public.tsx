/** What residents and the public use: list, petition page, starting, signing, CSV. */
import { followState } from '../../../core/follows/state.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404, queryString, queryPage, routeId } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { isToolModerator } from '../../../core/permissions/policy.js';
import { refusalText } from '../../../core/permissions/refusal-text.js';
import { hitRateLimit, ipPrefix } from '../../../core/security/rate-limit.js';
import { toCsv } from '../../../core/http/csv.js';
import { sendCacheable } from '../../../core/http/cache.js';
import type { Community } from '../../../core/communities/community.js';
import { shownName } from '../../../core/users/public-name.js';
import { findPetition, loadCategories, loadSettings, listPetitions, listSignatures, signatureOf, type ListSort, type ListTab } from '../repository.js';
import { petitionSubject, rowTimes, rulesOfRow, stateAt, STATUS_LABELS } from '../rules.js';
import { countedUnder, loggedCount } from '../../../core/tlog/counts.js';
import { checkPetitionForm, readPetitionForm } from '../forms.js';
import { personKeys, signPetition, submitPetition } from '../service.js';
import { mayStart, participation, signedIn } from '../access.js';
import { ListPage, TABS } from '../views/list-page.js';
import { PetitionPage } from '../views/petition-page.js';
import { NewPetitionPage, SignConfirmPage } from '../views/forms-pages.js';
import { limitPerPerson } from '../../../core/security/person-limit.js';

const PER_PAGE = 20;
const SIGNERS_PER_PAGE = 50;

async function limit(ctx: CoreContext, req: FastifyRequest, key: string, max: number, windowSeconds: number): Promise<void> {
  const r = await hitRateLimit(ctx.db, { key, max, windowSeconds }, ctx.clock.now());
  if (!r.allowed)
    throw new HttpError(
      429,
      'rate_limited',
      req.lang === 'uk' ? 'Забагато дій за короткий час. Спробуйте пізніше.' : 'Too many actions in a short time. Try later.',
    );
}

export async function petitionOr404(ctx: CoreContext, c: Community, rawId: string) {
  const row = await findPetition(ctx.db, routeId(rawId) ?? 0);
  if (!row || row.community_id !== c.id) throw notFound('Такої петиції немає.');
  return row;
}

export function registerPetitionPublicRoutes(app: FastifyInstance, ctx: CoreContext): void {
  app.get<{ Params: { slug: string } }>('/:slug/petitions', { config: { pageCache: true } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const now = ctx.clock.now();
    const tabRaw = queryString(req, 'tab');
    const tab: ListTab = TABS.some((x) => x.tab === tabRaw) ? (tabRaw as ListTab) : 'all';
    const sortRaw = queryString(req, 'sort');
    const sort: ListSort = sortRaw === 'signatures' || sortRaw === 'ending' ? sortRaw : 'newest';
    const categories = await loadCategories(ctx.db, c.id);
    const catRaw = Number(queryString(req, 'category'));
    const categoryId = categories.some((x) => x.id === catRaw) ? catRaw : null;
    const q = queryString(req, 'q');
    const page = queryPage(req);
    const { rows, total } = await listPetitions(ctx.db, { communityId: c.id, tab, q, categoryId, sort, page, perPage: PER_PAGE, now });
    if (page > 1 && rows.length === 0)
      throw notFound(req.lang === 'uk' ? `Сторінки ${page} немає: петицій менше.` : `There is no page ${page}: there are fewer petitions.`);
    const p = await pageCtx(ctx, req, c);
    // A signed-in person who may not start one is told why instead of being offered the form (issue #21).
    const start = req.viewer ? await participation(ctx, req.viewer, c, await loadSettings(ctx.db, c)) : null;
    const html = await ListPage({
      p,
      c,
      tab,
      q,
      categoryId,
      sort,
      page,
      perPage: PER_PAGE,
      total,
      categories,
      now,
      startRefusal: start?.refusal ? { refusal: start.refusal, blockReason: start.blockReason } : null,
      follow: await followState(ctx, req, c, 'petitions'),
      rows: rows.map((row) => ({ row, state: stateAt(rowTimes(row), now, ctx.calendar) })),
    });
    return sendHtml(reply, html);
  });

  app.get<{ Params: { slug: string } }>('/:slug/petitions.csv', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const now = ctx.clock.now();
    const { rows } = await listPetitions(ctx.db, { communityId: c.id, tab: 'all', q: '', categoryId: null, sort: 'newest', page: 1, perPage: 100_000, now });
    const categories = new Map((await loadCategories(ctx.db, c.id)).map((x) => [x.id, x.name.uk]));
    const csv = toCsv(
      [
        'id',
        'title',
        'category',
        'status',
        'author',
        'signatures',
        'threshold',
        'published_at',
        'collection_ends_at',
        'consideration_due_at',
        'answered_at',
        'url',
      ],
      rows.map((r) => {
        const s = stateAt(rowTimes(r), now, ctx.calendar);
        return [
          r.id,
          r.title,
          categories.get(r.category_id) ?? '',
          s.status,
          shownName(r.author_name, 'uk'),
          r.signature_count,
          r.signature_threshold,
          r.published_at?.toISOString(),
          r.collection_ends_at?.toISOString(),
          s.considerationDueAt?.toISOString(),
          r.answered_at?.toISOString(),
          `${ctx.config.publicUrl}/${c.slug}/petitions/${r.id}`,
        ];
      }),
    );
    reply.header('content-disposition', `attachment; filename="petitions-${c.slug}.csv"`);
    return sendCacheable(req, reply, csv, 'text/csv; charset=utf-8', 60);
  });

  const newForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    values: Record<string, string>,
    errors: Record<string, string>,
    preview: boolean,
    status = 200,
  ) => {
    const [categories, settings] = await Promise.all([loadCategories(ctx.db, c.id), loadSettings(ctx.db, c)]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await NewPetitionPage({ p, c, form: { values, errors }, categories, settings, preview }), status);
  };

  app.get<{ Params: { slug: string } }>('/:slug/petitions/new', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const { v } = await mayStart(ctx, req, c);
    return newForm(req, reply, c, { email: v.email ?? '' }, {}, false);
  });

  app.post<{ Params: { slug: string } }>('/:slug/petitions/new', { config: { permission: 'petitions.start' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const { v, settings } = await mayStart(ctx, req, c);
    const { values, step } = readPetitionForm(req.body);
    if (step === 'edit') return newForm(req, reply, c, values, {}, false);
    const categories = await loadCategories(ctx.db, c.id);
    const { input, errors } = checkPetitionForm(
      values,
      categories.map((x) => x.id),
      req.lang,
    );
    if (Object.keys(errors).length) return newForm(req, reply, c, values, errors, false, 400);
    if (step !== 'submit') return newForm(req, reply, c, values, {}, true);
    await limitPerPerson(ctx, req, v, 'petition-start', 5, 86_400);
    await limit(ctx, req, `petition-start:ip:${ipPrefix(req.ip)}`, 30, 3600);
    const id = await submitPetition(ctx, { community: c, viewer: v, settings, input, ip: req.ip });
    return reply.redirect(`/${c.slug}/petitions/${id}?submitted=1`, 303);
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/petitions/:id', { config: { pageCache: true } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const row = await petitionOr404(ctx, c, req.params.id);
    const now = ctx.clock.now();
    const isModerator = isToolModerator(req.viewer, c.id, 'petitions');
    const isAuthor = !!req.viewer && req.viewer.id === row.author_user_id;
    // Before publication only the author and the moderators see a petition.
    if (row.status === 'moderation' && !isModerator && !isAuthor) throw notFound('Такої петиції немає.');
    const page = queryPage(req);
    const [categories, sigs] = await Promise.all([
      loadCategories(ctx.db, c.id),
      listSignatures(ctx.db, row.id, { includeInvalid: false, page, perPage: SIGNERS_PER_PAGE, knownTotal: row.signature_count }),
    ]);
    if (page > 1 && sigs.rows.length === 0)
      throw notFound(req.lang === 'uk' ? `Сторінки ${page} у списку підписантів немає.` : `There is no page ${page} of signatories.`);
    // Who may sign is the petition's own rule, not the community's current settings.
    const { refusal, blockReason } = await participation(ctx, req.viewer, c, rulesOfRow(row));
    const mine = req.viewer ? await signatureOf(ctx.db, row.id, (await personKeys(ctx, req.viewer)).personKey) : null;
    const logged = await loggedCount(ctx.db, petitionSubject(row.id));
    const duplicateNumber = row.duplicate_of ? ((await findPetition(ctx.db, row.duplicate_of))?.number ?? null) : null;
    const p = await pageCtx(ctx, req, c);
    const notice =
      queryString(req, 'submitted') === '1'
        ? req.lang === 'uk'
          ? 'Петицію подано. Модератор перевірить її протягом 2 робочих днів; ми напишемо вам на пошту.'
          : 'The petition is submitted. A moderator will check it within 2 working days; we will e-mail you.'
        : queryString(req, 'already') === '1'
          ? req.lang === 'uk'
            ? 'Ви вже підписали цю петицію раніше: другий підпис не додано.'
            : 'You had already signed this petition: no second signature was added.'
          : queryString(req, 'print') === '1'
            ? req.lang === 'uk'
              ? 'Щоб роздрукувати, натисніть Ctrl+P або оберіть «Друк» у меню браузера.'
              : 'To print, press Ctrl+P or choose «Print» in the browser menu.'
            : null;
    const html = await PetitionPage({
      p,
      c,
      row,
      state: stateAt(rowTimes(row), now, ctx.calendar),
      category: categories.find((x) => x.id === row.category_id),
      duplicateNumber,
      signatures: sigs.rows,
      signaturesTotal: sigs.total,
      page,
      perPage: SIGNERS_PER_PAGE,
      now,
      cal: ctx.calendar,
      mySignature: mine && !mine.invalidatedAt ? mine.signedAt : null,
      myReceipt: mine && !mine.invalidatedAt ? mine.receipt : null,
      logged: { count: countedUnder(logged, row.email_counts), checkpoint: logged.checkpoint },
      refusal,
      blockReason,
      isModerator,
      notice,
      follow: row.status === 'moderation' || row.status === 'rejected' ? null : await followState(ctx, req, c, 'petitions', String(row.id)),
    });
    return sendHtml(reply, html);
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/petitions/:id/signatures.csv', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const row = await petitionOr404(ctx, c, req.params.id);
    if (row.status === 'moderation') throw notFound();
    const { rows } = await listSignatures(ctx.db, row.id, { includeInvalid: false, page: 1, perPage: 1_000_000 });
    reply.header('content-disposition', `attachment; filename="petition-${row.id}-signatures.csv"`);
    return sendCacheable(
      req,
      reply,
      toCsv(
        ['number', 'name', 'signed_at'],
        rows.map((s, i) => [i + 1, shownName(s.signerName, 'uk'), s.signedAt.toISOString()]),
      ),
      'text/csv; charset=utf-8',
      30,
    );
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/petitions/:id/answer.pdf', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const row = await petitionOr404(ctx, c, req.params.id);
    if (row.status !== 'answered' || !row.answer_pdf) throw notFound();
    reply.header('content-disposition', `inline; filename="petition-${row.id}-decision.pdf"`);
    return reply.type('application/pdf').send(row.answer_pdf);
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/petitions/:id/sign', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const row = await petitionOr404(ctx, c, req.params.id);
    const v = signedIn(req);
    const now = ctx.clock.now();
    // Someone who has signed is told so, even when their signature closed the collection.
    const mine = await signatureOf(ctx.db, row.id, (await personKeys(ctx, v)).personKey);
    if (mine) return reply.redirect(`/${c.slug}/petitions/${row.id}?already=1`, 303);
    const status = stateAt(rowTimes(row), now, ctx.calendar).status;
    if (status !== 'collecting') {
      throw new HttpError(
        409,
        'not_collecting',
        req.lang === 'uk'
          ? `Підписати не можна: петиція має статус «${STATUS_LABELS[status].uk}», збір підписів не триває.`
          : 'You cannot sign: this petition is not collecting signatures.',
      );
    }
    const { refusal, blockReason } = await participation(ctx, v, c, rulesOfRow(row));
    if (refusal) throw new HttpError(403, refusal, refusalText(refusal, req.lang, blockReason));
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await SignConfirmPage({ p, c, petitionId: row.id, title: row.title }));
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/petitions/:id/sign', { config: { permission: 'petitions.sign' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const row = await petitionOr404(ctx, c, req.params.id);
    const v = signedIn(req);
    await limit(ctx, req, `petition-sign:user:${v.id}`, 60, 3600);
    await limit(ctx, req, `petition-sign:ip:${ipPrefix(req.ip)}`, 2000, 3600);
    const outcome = await signPetition(ctx, { petitionId: row.id, community: c, viewer: v, ip: req.ip });
    switch (outcome.kind) {
      case 'signed':
        return reply.redirect(`/${c.slug}/petitions/${row.id}`, 303);
      case 'already':
        return reply.redirect(`/${c.slug}/petitions/${row.id}?already=1`, 303);
      case 'closed':
        throw new HttpError(
          409,
          'not_collecting',
          req.lang === 'uk' ? 'Підписати не можна: збір підписів під цією петицією не триває.' : 'You cannot sign: this petition is not collecting signatures.',
        );
      case 'refused': {
        const { blockReason } = await participation(ctx, v, c, rulesOfRow(row));
        throw new HttpError(403, outcome.refusal, refusalText(outcome.refusal, req.lang, blockReason));
      }
    }
  });
}
