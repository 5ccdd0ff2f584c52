/**
 * «Я+Влада» in the chat: each action of rules/edem.ts runs through the tool's own service with the web's
 * checks — who may take part (participationOf with the item's own rules), the same per-person rate limits
 * (the same keys as the web, so an allowance is shared), one person one act by the database's unique keys
 * (a ballot cast here refuses one on the web), the audit entry and the transparency log each service writes.
 * The chat acts as the account it is linked to, never as anyone else.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { formatKyivDate, formatKyivDateTime, kyivDateOf } from '../../../core/calendar/index.js';
import { personKeys } from '../../../core/identity/person-key.js';
import { participationOf } from '../../../core/permissions/participation.js';
import { refusalText } from '../../../core/permissions/refusal-text.js';
import { hitPersonLimit, TOO_MANY_TEXT } from '../../../core/security/person-limit.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { loadViewer } from '../../../core/users/users-repository.js';
import { publicName, shownName } from '../../../core/users/public-name.js';
import { ageOn, type Viewer } from '../../../core/users/viewer.js';
import { pick, type Lang } from '../../../core/i18n/index.js';
import { findPetition, listPetitions, petitionParticipation, rowTimes, rulesOfRow, signatureOf, signPetition, stateAt } from '../../petitions/index.js';
import {
  ballotOf,
  castBallot,
  choiceProblemText,
  contestPhase,
  findContest,
  listCategories as listBudgetCategories,
  listContests,
  listProjects,
  validateChoices,
  type Contest,
} from '../../budgets/index.js';
import {
  createReport,
  findReport,
  leafCategories,
  listCategories,
  processPhoto,
  refusalFor,
  validateLocation,
  type ReportSource,
} from '../../open-city/index.js';
import type { ChatChannel, Reply } from '../rules.js';
import * as r from '../rules/edem.js';
import type { Awaiting, EdemAction } from '../rules/edem.js';
import { addChatFollow, chatOfSubscriber, deleteDraft, findDraft, saveDraft, type ChatRef } from '../repository/edem.js';
import { requestLink, unlinkChat, LINK_MINUTES } from './linking.js';
import { fetchChatPhoto } from './photos.js';
import { startWatching } from './notifications.js';
import { awaitsOtherText, pollStep } from './polls.js';

const LIST_SIZE = 8;
/** A draft older than this is forgotten: the person starts the act again. */
export const DRAFT_TTL_MS = 3600_000;
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** What an open draft of this chat waits for, for the dialogue (rules.ts) to route a plain message. */
export async function awaitingOf(ctx: CoreContext, subscriberId: number | null, now: Date): Promise<Awaiting> {
  if (subscriberId === null) return null;
  const d = await findDraft(ctx.db, subscriberId);
  if (!d || now.getTime() - d.updatedAt.getTime() > DRAFT_TTL_MS) return null;
  if (d.kind === 'poll') return awaitsOtherText(d.data) ? 'poll-other' : null;
  if (d.kind !== 'report') return null;
  const step = d.data.step;
  return step === 'location' ? 'report-location' : step === 'photo' ? 'report-photo' : step === 'description' ? 'report-description' : null;
}

interface Turn {
  ctx: CoreContext;
  c: Community;
  chat: ChatRef;
  lang: Lang;
  now: Date;
}

/** Runs one e-DEM action for a subscribed chat (or says that the chat must subscribe first). */
export async function runEdem(
  ctx: CoreContext,
  o: { community: Community; channel: ChatChannel; chatId: string; subscriberId: number | null; lang: Lang; action: EdemAction; now: Date },
): Promise<Reply[]> {
  if (o.subscriberId === null) return [r.notSubscribed(o.lang)];
  const chat = await chatOfSubscriber(ctx.db, o.subscriberId);
  if (!chat) return [r.notSubscribed(o.lang)];
  const t: Turn = { ctx, c: o.community, chat, lang: o.lang, now: o.now };
  const a = o.action;
  switch (a.kind) {
    case 'menu':
      return [r.edemMenu(t.lang, chat.userId !== null)];
    case 'link': {
      const limit = await hitRateLimit(ctx.db, { key: `chatbot:link:${chat.subscriberId}`, max: 10, windowSeconds: 3600 }, o.now);
      if (!limit.allowed) return [r.problem(pick(TOO_MANY_TEXT, t.lang), t.lang)];
      const url = await requestLink(ctx, { community: t.c, subscriberId: chat.subscriberId, now: o.now });
      return [r.linkOffer(t.lang, url, LINK_MINUTES)];
    }
    case 'unlink':
      return (await unlinkChat(ctx, { subscriberId: chat.subscriberId, actorUserId: chat.userId, via: 'chat', now: o.now }))
        ? [r.unlinkedNotice(t.lang)]
        : [r.notLinkedNow(t.lang)];
    case 'cancel':
      await deleteDraft(ctx.db, chat.subscriberId);
      return [r.cancelled(t.lang)];
    case 'petitions':
      return [await petitionList(t)];
    case 'petition':
    case 'petition-confirm':
    case 'petition-sign':
      return [await petitionStep(t, a.kind, a.id)];
    case 'contests':
    case 'contest':
    case 'ballot-toggle':
    case 'ballot-review':
    case 'ballot-cast':
      return [await ballotStep(t, a)];
    case 'poll':
      return [await pollStep(t, a.step)];
    default:
      return [await reportStep(t, a)];
  }
}

/** The account the chat is linked to, as the web would see it signed in; null when not linked (or deleted). */
async function viewerOf(t: Turn): Promise<Viewer | null> {
  return t.chat.userId === null ? null : loadViewer(t.ctx.db, t.chat.userId);
}

/** The chat follows what its person just did: a change of its state is told here (service/notifications.ts). */
async function follow(t: Turn, tool: string, item: number): Promise<void> {
  await startWatching(t.ctx, t.c, t.now);
  await addChatFollow(t.ctx.db, { subscriberId: t.chat.subscriberId, communityId: t.c.id, tool, item: String(item), now: t.now });
}

const siteUrl = (t: Turn, path: string) => `${t.ctx.config.publicUrl}/${t.c.slug}${path}`;

// ---------- petitions ----------

async function petitionItem(t: Turn, id: number): Promise<{ item: r.PetitionItem; row: NonNullable<Awaited<ReturnType<typeof findPetition>>> } | null> {
  const row = await findPetition(t.ctx.db, id);
  if (!row || row.community_id !== t.c.id || row.status === 'moderation' || row.status === 'rejected') return null;
  const state = stateAt(rowTimes(row), t.now, t.ctx.calendar);
  return {
    row,
    item: {
      id: row.id,
      number: row.number,
      title: row.title,
      signatures: row.signature_count,
      threshold: row.signature_threshold,
      endsAt: row.collection_ends_at ? formatKyivDate(row.collection_ends_at, t.lang) : null,
      url: siteUrl(t, `/petitions/${row.id}`),
      collecting: state.status === 'collecting',
    },
  };
}

async function petitionList(t: Turn): Promise<Reply> {
  if (!t.c.enabledTools.includes('petitions')) return r.refusal(toolOff(t.lang), t.lang);
  const { rows, total } = await listPetitions(t.ctx.db, {
    communityId: t.c.id,
    tab: 'collecting',
    q: '',
    categoryId: null,
    sort: 'signatures',
    page: 1,
    perPage: LIST_SIZE,
    now: t.now,
  });
  const items = rows.map((row) => ({
    id: row.id,
    number: row.number,
    title: row.title,
    signatures: row.signature_count,
    threshold: row.signature_threshold,
    endsAt: null,
    url: '',
    collecting: true,
  }));
  return r.petitionList(items, total, siteUrl(t, '/petitions'), t.lang);
}

const toolOff = (lang: Lang) => r.tx(lang, 'У цій громаді цей інструмент не ввімкнено.', 'This tool is not switched on in this community.');
const noPetition = (lang: Lang) => r.tx(lang, 'Такої петиції немає.', 'No such petition.');
const notCollecting = (lang: Lang) =>
  r.tx(lang, 'Підписати не можна: збір підписів під цією петицією не триває.', 'You cannot sign: this petition is not collecting signatures.');
const ALREADY_SIGNED = {
  uk: 'Ви вже підписали цю петицію раніше: другий підпис не додано.',
  en: 'You had already signed this petition: no second signature was added.',
};

async function petitionStep(t: Turn, step: 'petition' | 'petition-confirm' | 'petition-sign', id: number): Promise<Reply> {
  if (!t.c.enabledTools.includes('petitions')) return r.refusal(toolOff(t.lang), t.lang);
  const found = await petitionItem(t, id);
  if (!found) return r.refusal(noPetition(t.lang), t.lang);
  const { item, row } = found;
  const back = { label: r.tx(t.lang, '← Петиція', '← Petition'), data: `pet:${id}` };
  const v = await viewerOf(t);
  const mine = v ? await signatureOf(t.ctx.db, row.id, (await personKeys(t.ctx, v)).personKey) : null;
  if (step === 'petition') return r.petitionCard(item, mine && !mine.invalidatedAt ? formatKyivDate(mine.signedAt, t.lang) : null, t.lang);
  if (!v) return r.needsLink(t.lang);
  // As the web's sign page: someone who has signed is told so; then the petition's state; then who may sign.
  if (mine) return r.refusal(pick(ALREADY_SIGNED, t.lang), t.lang, back);
  if (!item.collecting) return r.refusal(notCollecting(t.lang), t.lang, back);
  const { refusal, blockReason } = await petitionParticipation(t.ctx, v, t.c, rulesOfRow(row));
  if (refusal) return r.refusal(refusalText(refusal, t.lang, blockReason), t.lang, back);
  if (step === 'petition-confirm') return r.petitionConfirm(item, shownName(publicName(v), t.lang), t.lang);
  // The web's limits, under the same key (an IP allowance has no meaning in a chat).
  const limit = await hitRateLimit(t.ctx.db, { key: `petition-sign:user:${v.id}`, max: 60, windowSeconds: 3600 }, t.now);
  if (!limit.allowed) return r.refusal(pick(TOO_MANY_TEXT, t.lang), t.lang, back);
  const outcome = await signPetition(t.ctx, { petitionId: row.id, community: t.c, viewer: v, ip: '' });
  switch (outcome.kind) {
    case 'signed':
      await follow(t, 'petitions', row.id);
      return r.petitionSigned(item, outcome.receipt.pendingId, t.lang);
    case 'already':
      return r.refusal(pick(ALREADY_SIGNED, t.lang), t.lang, back);
    case 'closed':
      return r.refusal(notCollecting(t.lang), t.lang, back);
    case 'refused': {
      const { blockReason } = await petitionParticipation(t.ctx, v, t.c, rulesOfRow(row));
      return r.refusal(refusalText(outcome.refusal, t.lang, blockReason), t.lang, back);
    }
  }
}

// ---------- the participatory budget ----------

const OWNER = 'community';

async function votingContest(t: Turn, id: number): Promise<Contest | null> {
  const contest = await findContest(t.ctx.db, id);
  if (!contest || contest.communityId !== t.c.id || contest.owner !== OWNER || !contest.published) return null;
  return contest;
}

async function ballotLines(t: Turn, contest: Contest): Promise<r.BallotLine[]> {
  const [projects, categories] = await Promise.all([
    listProjects(t.ctx.db, contest.id, { statuses: ['admitted'] }),
    listBudgetCategories(t.ctx.db, contest.id),
  ]);
  const names = new Map(categories.map((k) => [k.id, k.name]));
  return projects.map((p) => ({ id: p.id, code: p.code, title: p.title, category: names.get(p.categoryId) ?? '' }));
}

function chosenOf(data: Record<string, unknown>, contestId: number): number[] {
  if (data.contestId !== contestId || !Array.isArray(data.chosen)) return [];
  return data.chosen.filter((x): x is number => typeof x === 'number' && Number.isSafeInteger(x));
}

type BallotAction = Extract<EdemAction, { kind: 'contests' | 'contest' | 'ballot-toggle' | 'ballot-review' | 'ballot-cast' }>;

async function ballotStep(t: Turn, a: BallotAction): Promise<Reply> {
  if (!t.c.enabledTools.includes('budgets')) return r.refusal(toolOff(t.lang), t.lang);
  if (a.kind === 'contests') {
    const contests = (await listContests(t.ctx.db, t.c.id, { owner: OWNER, publishedOnly: true })).filter((k) => contestPhase(k, t.now) === 'voting');
    return r.contestList(
      contests.map((k) => ({ id: k.id, title: k.title })),
      t.lang,
    );
  }
  const contestId = a.kind === 'ballot-toggle' ? a.contestId : a.kind === 'contest' ? a.id : a.contestId;
  const contest = await votingContest(t, contestId);
  if (!contest) return r.refusal(r.tx(t.lang, 'Такого конкурсу немає.', 'No such contest.'), t.lang);
  const v = await viewerOf(t);
  if (!v) return r.needsLink(t.lang);
  const key = (await personKeys(t.ctx, v)).personKey;
  const already = await ballotOf(t.ctx.db, contest.id, key);
  if (already) return r.ballotDuplicate(already.channel, formatKyivDateTime(already.castAt, t.lang), t.lang);
  // As the web's ballot: voting must be open, and the person eligible by the contest's own rules.
  if (contestPhase(contest, t.now) !== 'voting') return r.refusal(r.tx(t.lang, 'Голосування зараз не триває.', 'Voting is not open now.'), t.lang);
  const { refusal, blockReason } = await participationOf(t.ctx, v, t.c, contest.eligibility);
  if (refusal) return r.refusal(refusalText(refusal, t.lang, blockReason), t.lang);
  const item = { id: contest.id, title: contest.title };
  const lines = await ballotLines(t, contest);
  const draft = await findDraft(t.ctx.db, t.chat.subscriberId);
  let chosen = draft?.kind === 'ballot' ? chosenOf(draft.data, contest.id) : [];
  chosen = chosen.filter((id) => lines.some((l) => l.id === id));
  const rule = ballotRule(contest, t.lang);
  if (a.kind === 'contest') {
    await saveDraft(t.ctx.db, t.chat.subscriberId, 'ballot', { contestId: contest.id, chosen }, t.now);
    return r.ballotCard(item, lines, chosen, rule, t.lang);
  }
  if (a.kind === 'ballot-toggle') {
    if (lines.some((l) => l.id === a.projectId)) chosen = chosen.includes(a.projectId) ? chosen.filter((x) => x !== a.projectId) : [...chosen, a.projectId];
    await saveDraft(t.ctx.db, t.chat.subscriberId, 'ballot', { contestId: contest.id, chosen }, t.now);
    return r.ballotCard(item, lines, chosen, rule, t.lang);
  }
  const checked = await validateChoices(t.ctx.db, contest, chosen);
  if (!checked.ok) {
    const cats = await listBudgetCategories(t.ctx.db, contest.id);
    const texts = checked.problems.map((p) =>
      choiceProblemText(p, t.lang, {
        project: (id) => `«${lines.find((l) => l.id === id)?.code ?? id}»`,
        category: (id) => cats.find((k) => k.id === id)?.name ?? String(id),
      }),
    );
    return r.ballotProblems(contest.id, texts, t.lang);
  }
  if (a.kind === 'ballot-review') {
    return r.ballotReview(
      item,
      lines.filter((l) => chosen.includes(l.id)),
      shownName(publicName(v), t.lang),
      t.lang,
    );
  }
  if (!(await hitPersonLimit(t.ctx, v, 'budget:vote', 20))) return r.refusal(pick(TOO_MANY_TEXT, t.lang), t.lang);
  const out = await castBallot(t.ctx, t.ctx.db, {
    contest,
    voterKey: key,
    channel: 'chatbot',
    level: v.level,
    age: v.birthDate ? ageOn(v.birthDate, kyivDateOf(t.now)) : null,
    choices: checked.choices,
    now: t.now,
  });
  await deleteDraft(t.ctx.db, t.chat.subscriberId);
  if (out.outcome === 'duplicate') return r.ballotDuplicate(out.firstChannel, formatKyivDateTime(out.firstCastAt, t.lang), t.lang);
  for (const c of checked.choices) await follow(t, 'budgets', c.projectId);
  return r.ballotAccepted(out.receipt, t.lang);
}

function ballotRule(contest: Contest, lang: Lang): string {
  const b = contest.ballot;
  const parts: string[] = [];
  if (b.mode === 'one-per-category') parts.push(r.tx(lang, 'По одному проєкту в кожній категорії.', 'One project in each category.'));
  if (b.maxPerCategory) parts.push(r.tx(lang, `До ${b.maxPerCategory} у категорії.`, `Up to ${b.maxPerCategory} per category.`));
  if (b.maxTotal) parts.push(r.tx(lang, `Усього до ${b.maxTotal}.`, `Up to ${b.maxTotal} in all.`));
  return parts.join(' ');
}

// ---------- Open City ----------

type ReportAction = Extract<
  EdemAction,
  { kind: 'report' | 'report-category' | 'report-location' | 'report-bad-location' | 'report-photo' | 'report-skip-photo' | 'report-text' | 'report-send' }
>;

interface ReportDraft {
  step: 'location' | 'photo' | 'description' | 'review';
  categoryId: number;
  lat?: number;
  lng?: number;
  fileId?: string;
  description?: string;
}

function reportDraftOf(d: Awaited<ReturnType<typeof findDraft>>, now: Date): ReportDraft | null {
  if (!d || d.kind !== 'report' || now.getTime() - d.updatedAt.getTime() > DRAFT_TTL_MS) return null;
  const x = d.data;
  if (typeof x.categoryId !== 'number' || !['location', 'photo', 'description', 'review'].includes(String(x.step))) return null;
  return {
    step: x.step as ReportDraft['step'],
    categoryId: x.categoryId,
    ...(typeof x.lat === 'number' && typeof x.lng === 'number' ? { lat: x.lat, lng: x.lng } : {}),
    ...(typeof x.fileId === 'string' ? { fileId: x.fileId } : {}),
    ...(typeof x.description === 'string' ? { description: x.description } : {}),
  };
}

async function reportStep(t: Turn, a: ReportAction): Promise<Reply> {
  if (!t.c.enabledTools.includes('open-city')) return r.refusal(toolOff(t.lang), t.lang);
  const v = await viewerOf(t);
  if (!v) return r.needsLink(t.lang);
  const { refusal, blockReason } = await refusalFor(t.ctx, v, t.c);
  if (refusal) return r.refusal(refusalText(refusal, t.lang, blockReason), t.lang);
  const categories = leafCategories(await listCategories(t.ctx.db, t.c.id));
  const save = (d: ReportDraft) => saveDraft(t.ctx.db, t.chat.subscriberId, 'report', { ...d }, t.now);
  if (a.kind === 'report')
    return r.reportCategories(
      categories.map((k) => ({ id: k.id, name: pick(k.name, t.lang) })),
      t.lang,
    );
  if (a.kind === 'report-category') {
    if (!categories.some((k) => k.id === a.id))
      return r.reportCategories(
        categories.map((k) => ({ id: k.id, name: pick(k.name, t.lang) })),
        t.lang,
      );
    await save({ step: 'location', categoryId: a.id });
    return r.askLocation(t.lang);
  }
  const draft = reportDraftOf(await findDraft(t.ctx.db, t.chat.subscriberId), t.now);
  const category = draft ? categories.find((k) => k.id === draft.categoryId) : undefined;
  if (!draft || !category) {
    const start = r.reportCategories(
      categories.map((k) => ({ id: k.id, name: pick(k.name, t.lang) })),
      t.lang,
    );
    return r.problem(r.tx(t.lang, 'Спершу оберіть, про що повідомити.', 'First choose what to report.'), t.lang, start);
  }
  switch (a.kind) {
    case 'report-bad-location':
      return r.problem(r.tx(t.lang, 'Це не схоже на координати.', 'These do not look like coordinates.'), t.lang, r.askLocation(t.lang));
    case 'report-location': {
      // The web's own check: the point must lie in this community (and a neighbour's is named).
      const checked = await validateLocation(t.ctx, { lang: t.lang }, t.c, { category: category.code, address: '', lat: String(a.lat), lng: String(a.lng) });
      const error = Object.values(checked.errors)[0];
      if (error) return r.problem(error, t.lang, r.askLocation(t.lang));
      await save({ ...draft, step: draft.step === 'review' ? 'review' : 'photo', lat: a.lat, lng: a.lng });
      return draft.step === 'review' ? review(t, { ...draft, lat: a.lat, lng: a.lng }, category) : r.askPhoto(t.lang);
    }
    case 'report-photo':
      if (draft.lat === undefined) return r.problem(r.tx(t.lang, 'Спершу надішліть місце.', 'Send the place first.'), t.lang, r.askLocation(t.lang));
      await save({ ...draft, step: draft.description ? 'review' : 'description', fileId: a.fileId });
      return draft.description ? review(t, { ...draft, fileId: a.fileId }, category) : r.askDescription(t.lang);
    case 'report-skip-photo':
      if (draft.lat === undefined) return r.askLocation(t.lang);
      await save({ ...draft, step: 'description' });
      return r.askDescription(t.lang);
    case 'report-text': {
      const text = a.text.trim();
      const n = [...text].length;
      if (n < 10 || n > 2000) {
        return r.problem(
          r.tx(t.lang, `Опис — від 10 до 2000 знаків (зараз ${n}).`, `The description is 10 to 2000 characters (now ${n}).`),
          t.lang,
          r.askDescription(t.lang),
        );
      }
      const next = { ...draft, step: 'review' as const, description: text };
      await save(next);
      return review(t, next, category);
    }
    case 'report-send':
      return sendReport(t, v, draft, category);
  }
}

function review(t: Turn, d: ReportDraft, category: { name: { uk: string; en: string } }): Reply {
  return r.reportReview(
    { category: pick(category.name, t.lang), lat: d.lat ?? 0, lng: d.lng ?? 0, photo: !!d.fileId, description: d.description ?? '' },
    t.lang,
  );
}

/** A report made in the chat says which messenger it came from (the platform's bot counts as its messenger). */
const REPORT_SOURCE: Record<ChatChannel, ReportSource> = {
  telegram: 'telegram',
  'telegram-platform': 'telegram',
  viber: 'viber',
  'viber-platform': 'viber',
  sim: 'chat-simulator',
};

/** «Що сталося» of the web form: the description's first line, shortened. */
function titleOf(description: string): string {
  const first = description.split('\n')[0]!.trim();
  return [...first].length > 100 ? `${[...first].slice(0, 99).join('')}…` : first;
}

async function sendReport(t: Turn, v: Viewer, d: ReportDraft, category: Awaited<ReturnType<typeof listCategories>>[number]): Promise<Reply> {
  if (d.step !== 'review' || d.lat === undefined || d.lng === undefined || !d.description) return review(t, d, category);
  if (!(await hitPersonLimit(t.ctx, v, 'open-city:report', 10))) return r.refusal(pick(TOO_MANY_TEXT, t.lang), t.lang);
  const photos = [];
  if (d.fileId) {
    const photo = await fetchChatPhoto(t.ctx, t.c, t.chat.channel, d.fileId, PHOTO_MAX_BYTES).catch((e: unknown) => {
      t.ctx.log.warn({ community: t.c.id, err: e instanceof Error ? e.message : 'unknown' }, 'chat photo unavailable');
      return null;
    });
    if (!photo) {
      await saveDraft(t.ctx.db, t.chat.subscriberId, 'report', { ...d, fileId: undefined }, t.now);
      return r.problem(
        r.tx(
          t.lang,
          'Не вдалося отримати фото. Надішліть його ще раз або натисніть «Надіслати» без фото.',
          'The photo could not be fetched. Send it again or press “Send” without it.',
        ),
        t.lang,
        review(t, { ...d, fileId: undefined }, category),
      );
    }
    const processed = await processPhoto(photo).catch(() => null);
    if (!processed) {
      await saveDraft(t.ctx.db, t.chat.subscriberId, 'report', { ...d, fileId: undefined }, t.now);
      return r.problem(
        r.tx(t.lang, 'Це не схоже на фото (JPEG, PNG чи WebP).', 'This does not look like a photo (JPEG, PNG or WebP).'),
        t.lang,
        review(t, { ...d, fileId: undefined }, category),
      );
    }
    photos.push(processed);
  }
  const created = await createReport(t.ctx, {
    community: t.c,
    category,
    title: titleOf(d.description),
    description: d.description,
    address: '',
    point: { lat: d.lat, lng: d.lng },
    attributes: {},
    mediaUrl: null,
    reporter: { userId: v.id, name: publicName(v), showName: false },
    contact: { email: null, phone: null, name: '' },
    partner: null,
    photos,
    source: REPORT_SOURCE[t.chat.channel],
  });
  await deleteDraft(t.ctx.db, t.chat.subscriberId);
  await follow(t, 'open-city', created.id);
  const report = await findReport(t.ctx.db, created.id);
  return r.reportFiled(report?.number ?? created.id, siteUrl(t, `/open-city/reports/${created.id}`), formatKyivDate(created.deadline, t.lang), t.lang);
}
