/**
 * The moderator's use cases. Changes of an item's rules each run in one transaction under the item's
 * row lock, ask the pure rule (rules/model.ts `rulesFreeze`) whether the rules may still change, and write
 * an audit entry with the real before and after of every changed field. Routes call these, never the
 * repository's writers, so no route can change a published or answered item's rules. Materials, closing
 * early, the outcome and the revised act are written here too, each with its audit entry.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { auditSnapshot, fieldChanges } from '../../../core/audit/field-changes.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { logAct } from '../../../core/tlog/acts.js';
import { rulesChangedAct } from '../../../core/tlog/rules-changed.js';
import { actSubject, pollSubject } from '../rules/log-acts.js';
import {
  countTaken,
  deleteAttachment,
  deleteQuestion,
  insertAttachment,
  insertItem,
  insertQuestion,
  listQuestions,
  listSections,
  lockItem,
  replaceSections,
  setDecision,
  setItem,
  updateItemFields,
  updateSection,
  type Decision,
  type Item,
  type ItemFields,
} from '../repository.js';
import { auditFieldsOf, mayStartNewVersion, rulesFreeze, stateOf, type FreezeReason } from '../rules/model.js';
import type { QuestionDraft } from '../rules/poll.js';
import type { ActSection, SplitMethod } from '../rules/act-splitter.js';

/** The item's rules may no longer change (published, or people have taken part). */
export class FrozenRules extends Error {
  constructor(readonly reason: FreezeReason) {
    super(`consultation rules are frozen: ${reason}`);
  }
}

/** No such item in this community, or the thing changed is not part of it. */
export class NoSuchThing extends Error {}

/** Publication refused: what is missing. */
export class NotPublishable extends Error {
  constructor(readonly problem: 'ended' | 'no-questions' | 'no-sections') {
    super(problem);
  }
}

export const MAX_QUESTIONS = 50;

interface Who {
  communityId: number;
  itemId: number;
  actorId: number;
}

/** Every audited field of an item now, with its questions (poll) or sections (act). */
async function fieldsNow(db: Db, item: Item): Promise<Record<string, unknown>> {
  return auditFieldsOf(item, {
    questions: item.kind === 'poll' ? await listQuestions(db, item.id) : undefined,
    sections: item.kind === 'act' ? await listSections(db, item.id) : undefined,
  });
}

/** Records the creation of an item: every field, the start of a replay. */
async function auditCreated(db: Db, communityId: number, itemId: number, actorId: number | null): Promise<void> {
  const item = (await lockItem(db, communityId, itemId))!;
  await recordAudit(db, {
    communityId,
    actorUserId: actorId,
    action: 'consultation.created',
    subjectType: 'consultation',
    subjectId: itemId,
    after: auditSnapshot(await fieldsNow(db, item)),
  });
}

/** Creates a draft (inside the caller's transaction, e.g. with a topic's acceptance). */
export async function createItem(db: Db, a: { communityId: number; fields: ItemFields; actorId: number; now: Date; topicId?: number | null }): Promise<number> {
  const id = await insertItem(db, a.communityId, a.fields, a.actorId, a.now, a.topicId ?? null);
  await auditCreated(db, a.communityId, id, a.actorId);
  return id;
}

/** Creates a draft in its own transaction; returns its id. */
export async function createDraft(ctx: CoreContext, a: { communityId: number; fields: ItemFields; actorId: number }): Promise<number> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (trx) => createItem(trx, { ...a, now }));
}

/**
 * A change of an item's rules: locked, refused once frozen, audited field by field (nothing changed,
 * nothing written). `change` may throw to abort without writing.
 */
async function changeRules<T>(ctx: CoreContext, w: Who, action: string, change: (trx: Db, item: Item) => Promise<T>): Promise<T> {
  return inTransaction(ctx.db, async (trx) => {
    const item = await lockItem(trx, w.communityId, w.itemId);
    if (!item) throw new NoSuchThing();
    const freeze = rulesFreeze(item, await countTaken(trx, item.id));
    if (freeze) throw new FrozenRules(freeze);
    const before = await fieldsNow(trx, item);
    const result = await change(trx, item);
    const after = await fieldsNow(trx, (await lockItem(trx, w.communityId, w.itemId))!);
    const changes = fieldChanges(before, after);
    if (changes)
      await recordAudit(trx, {
        communityId: w.communityId,
        actorUserId: w.actorId,
        action,
        subjectType: 'consultation',
        subjectId: item.id,
        before: changes.before,
        after: changes.after,
      });
    return result;
  });
}

export async function editItem(ctx: CoreContext, w: Who & { fields: Omit<ItemFields, 'kind'> }): Promise<void> {
  await changeRules(ctx, w, 'consultation.updated', (trx, item) => updateItemFields(trx, item.id, w.fields, ctx.clock.now()));
}

/** Adds a poll question; false when the poll already has the most questions allowed. */
export async function addQuestion(ctx: CoreContext, w: Who & { draft: QuestionDraft }): Promise<boolean> {
  return changeRules(ctx, w, 'consultation.question.added', async (trx, item) => {
    if (item.kind !== 'poll') throw new NoSuchThing();
    if ((await listQuestions(trx, item.id)).length >= MAX_QUESTIONS) return false;
    await insertQuestion(trx, w.communityId, item.id, w.draft);
    return true;
  });
}

export async function removeQuestion(ctx: CoreContext, w: Who & { questionId: number }): Promise<void> {
  await changeRules(ctx, w, 'consultation.question.removed', async (trx, item) => {
    if (!(await deleteQuestion(trx, item.id, w.questionId))) throw new NoSuchThing();
  });
}

export async function setActText(ctx: CoreContext, w: Who & { text: string; method: SplitMethod; sections: ActSection[] }): Promise<void> {
  await changeRules(ctx, w, 'consultation.act.split', async (trx, item) => {
    if (item.kind !== 'act') throw new NoSuchThing();
    await replaceSections(trx, w.communityId, item.id, w.sections);
    await setItem(trx, item.id, { act_text: w.text, act_split_method: w.method }, ctx.clock.now());
  });
}

export async function editSection(ctx: CoreContext, w: Who & { sectionId: number; heading: string; body: string }): Promise<void> {
  await changeRules(ctx, w, 'consultation.section.updated', async (trx, item) => {
    if (!(await updateSection(trx, item.id, w.sectionId, w.heading, w.body))) throw new NoSuchThing();
  });
}

/** Publishes a draft: checked and written under the lock, so a question removed meanwhile cannot slip by. */
export async function publishItem(ctx: CoreContext, w: Who): Promise<Item> {
  const now = ctx.clock.now();
  return changeRules(ctx, w, 'consultation.published', async (trx, item) => {
    if (item.endsAt <= now) throw new NotPublishable('ended');
    if (item.kind === 'poll' && (await listQuestions(trx, item.id)).length === 0) throw new NotPublishable('no-questions');
    if (item.kind === 'act' && (await listSections(trx, item.id)).length === 0) throw new NotPublishable('no-sections');
    await setItem(trx, item.id, { published_at: now }, now);
    return { ...item, publishedAt: now };
  });
}

/**
 * «Нова редакція»: a frozen act changes only by a new discussion (a draft) that copies its text and
 * sections and links to it. One new version per act; asking again returns the one made.
 */
export async function startNewVersion(ctx: CoreContext, w: Who & { startsAt: Date; endsAt: Date }): Promise<number> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (trx) => {
    const old = await lockItem(trx, w.communityId, w.itemId);
    if (!old || old.kind !== 'act') throw new NoSuchThing();
    if (old.nextVersion) return old.nextVersion.id;
    const taken = await countTaken(trx, old.id);
    if (!mayStartNewVersion(old, taken, null)) throw new FrozenRules('published');
    const id = await insertItem(
      trx,
      w.communityId,
      {
        kind: 'act',
        title: old.title,
        description: old.description,
        category: old.category,
        startsAt: w.startsAt,
        endsAt: w.endsAt,
        resultsVisibility: old.resultsVisibility,
        allowEmail: old.allowEmail,
        emailCounts: old.emailCounts,
        residentsOnly: old.residentsOnly,
        minAge: old.minAge,
      },
      w.actorId,
      now,
      null,
      old.id,
    );
    const sections = await listSections(trx, old.id);
    await replaceSections(
      trx,
      w.communityId,
      id,
      sections.map((s) => ({ heading: s.heading, parent: s.parent, body: s.body })),
    );
    await setItem(trx, id, { act_text: old.actText, act_split_method: old.actSplitMethod }, now);
    await auditCreated(trx, w.communityId, id, w.actorId);
    await recordAudit(trx, {
      communityId: w.communityId,
      actorUserId: w.actorId,
      action: 'consultation.new-version',
      subjectType: 'consultation',
      subjectId: old.id,
      before: { nextVersionId: null },
      after: { nextVersionId: id },
    });
    return id;
  });
}

// ---------- materials ----------

/** Attaches a material (already checked: its type sniffed, its name made safe). */
export async function addFile(ctx: CoreContext, w: Who & { filename: string; mime: string; data: Buffer }): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const id = await insertAttachment(trx, {
      communityId: w.communityId,
      itemId: w.itemId,
      filename: w.filename,
      mime: w.mime,
      data: w.data,
      now: ctx.clock.now(),
    });
    await recordAudit(trx, {
      communityId: w.communityId,
      actorUserId: w.actorId,
      action: 'consultation.file.added',
      subjectType: 'consultation',
      subjectId: w.itemId,
      after: { fileId: id, size: w.data.length, mime: w.mime },
    });
  });
}

export async function removeFile(ctx: CoreContext, w: Who & { fileId: number }): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    if (!(await deleteAttachment(trx, w.itemId, w.fileId))) throw new NoSuchThing();
    await recordAudit(trx, {
      communityId: w.communityId,
      actorUserId: w.actorId,
      action: 'consultation.file.removed',
      subjectType: 'consultation',
      subjectId: w.itemId,
      before: { fileId: w.fileId },
    });
  });
}

// ---------- close early, outcome, revision ----------

/** Closes an item in progress or scheduled (the route has checked its state at `now`) with a public reason. */
export async function closeEarly(ctx: CoreContext, w: { communityId: number; item: Item; actorId: number; reason: string; now: Date }): Promise<void> {
  const state = stateOf(w.item, w.now);
  await inTransaction(ctx.db, async (trx) => {
    await setItem(trx, w.item.id, { closed_at: w.now, closed_reason: w.reason }, w.now);
    // An early end changes the period people take part in: once they have, it is logged where their acts are.
    const subject = w.item.kind === 'poll' ? pollSubject(w.item.id) : w.item.kind === 'act' ? actSubject(w.item.id) : null;
    if (subject && rulesFreeze(w.item, await countTaken(trx, w.item.id)) === 'participation') {
      const { slug } = await trx.selectFrom('communities').select('slug').where('id', '=', w.communityId).executeTakeFirstOrThrow();
      const change = { field: 'endsAt', old: w.item.endsAt.toISOString(), new: w.now.toISOString() };
      await logAct(ctx, trx, rulesChangedAct({ community: slug, tool: 'consultations', subject, at: w.now, reason: w.reason }, change));
    }
    await recordAudit(trx, {
      communityId: w.communityId,
      actorUserId: w.actorId,
      action: 'consultation.closed_early',
      subjectType: 'consultation',
      subjectId: w.item.id,
      before: { state },
      after: { state: 'ended', reason: w.reason },
    });
  });
}

/** Publishes (or corrects) the outcome: the summary and a decision on each proposal. */
export async function publishOutcome(
  ctx: CoreContext,
  w: { communityId: number; item: Item; actorId: number; summary: string; decisions: { id: number; decision: Decision | null; reason: string | null }[] },
): Promise<void> {
  const { item, summary, decisions } = w;
  const now = ctx.clock.now();
  await inTransaction(ctx.db, async (trx) => {
    for (const d of decisions) await setDecision(trx, item.id, d.id, d.decision, d.reason);
    await setItem(trx, item.id, { outcome_summary: summary, outcome_published_at: item.outcomePublishedAt ?? now }, now);
    await recordAudit(trx, {
      communityId: w.communityId,
      actorUserId: w.actorId,
      action: 'consultation.outcome.published',
      subjectType: 'consultation',
      subjectId: item.id,
      before: item.outcomeSummary ? { summary: item.outcomeSummary } : undefined,
      after: { summary, decisions: decisions.filter((d) => d.decision).map((d) => ({ commentId: d.id, decision: d.decision })) },
    });
  });
}

/** Publishes the revised text of an ended act with notes on what changed. */
export async function publishRevision(ctx: CoreContext, w: Who & { revised: string; notes: string }): Promise<void> {
  const now = ctx.clock.now();
  await inTransaction(ctx.db, async (trx) => {
    await setItem(trx, w.itemId, { revised_text: w.revised, revision_notes: w.notes, revision_published_at: now }, now);
    await recordAudit(trx, {
      communityId: w.communityId,
      actorUserId: w.actorId,
      action: 'consultation.revision.published',
      subjectType: 'consultation',
      subjectId: w.itemId,
      after: { chars: w.revised.length },
    });
  });
}
