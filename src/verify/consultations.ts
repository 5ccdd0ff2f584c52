/**
 * The consultations half of the verifier: replays poll answers (`poll:<id>`) and stances on draft acts
 * (`act:<id>`), minus the annulled ones, then compares them with the public consultations API.
 *
 * Like with like: a poll's valid answers of every level = `participation` of its detail; once its results
 * are public, the answers per level = the results' `levels`, and where the entries carry the choices (the
 * poll shows its results while it runs) the answers that count under the poll's `emailCounts` run through
 * the project's own poll tally give each question's figures per option. For a draft act, the latest stance
 * per person and section: people per level in each section and, where the entries say which way, support
 * and oppose under `emailCounts`.
 */
import type { ParsedAct } from '../core/tlog/acts.js';
import { pollResults, type Answer, type PollQuestion, type QuestionResult } from '../modules/consultations/rules/poll.js';
import { Discrepancy, fetchJson, type Fetcher } from './log.js';
import { compactKey, countLevels, levelOf, OnePerTag, subjectId } from './subjects.js';

interface LoggedAnswer {
  tag: string;
  level: 'idgovua' | 'email' | 'other';
  /** `<question id>:<choice>` per question (rules/log-acts.ts); null where the poll hides them while it runs. */
  choices: string[] | null;
}

interface LoggedStance {
  leaf: string;
  level: 'idgovua' | 'email' | 'other';
  stance: 'support' | 'oppose' | null;
}

interface PollLog {
  community: string;
  answers: OnePerTag<LoggedAnswer>;
}

interface ActLog {
  community: string;
  /** `<tag> <section>` → the latest stance; removed when annulled. */
  stances: Map<string, LoggedStance & { section: number }>;
  preLog: number;
}

/** Replays poll answers and stances in log order; throws a Discrepancy on an inconsistent entry. */
export class ConsultationReplay {
  readonly polls = new Map<number, PollLog>();
  readonly acts = new Map<number, ActLog>();
  unknownKinds = 0;

  add(index: number, act: ParsedAct, leaf: string): void {
    if (act.subject.startsWith('poll:')) this.addAnswer(index, act, leaf);
    else this.addStance(index, act, leaf);
  }

  private addAnswer(index: number, act: ParsedAct, leaf: string): void {
    const id = subjectId(index, act, 'poll');
    let p = this.polls.get(id);
    if (!p) this.polls.set(id, (p = { community: act.community, answers: new OnePerTag() }));
    if (act.kind === 'answer') {
      const choices = act.details.answers;
      if (choices !== undefined && (!Array.isArray(choices) || !choices.every((x) => typeof x === 'string')))
        throw new Discrepancy(`poll ${id}: entry ${index} has malformed answers`);
      if (!p.answers.add(leaf, { tag: act.tag, level: levelOf(act), choices: (choices as string[] | undefined) ?? null }))
        throw new Discrepancy(`poll ${id}: entry ${index} is a second valid answer with the same tag`);
    } else if (act.kind === 'answer-annulled') {
      if (p.answers.cancel(act.details.of) === undefined)
        throw new Discrepancy(`poll ${id}: entry ${index} annuls ${String(act.details.of)}, which is no valid answer of this poll in the log`);
    } else this.unknownKinds++;
  }

  private addStance(index: number, act: ParsedAct, leaf: string): void {
    const id = subjectId(index, act, 'act');
    let a = this.acts.get(id);
    if (!a) this.acts.set(id, (a = { community: act.community, stances: new Map(), preLog: 0 }));
    const section = act.details.section;
    if (act.kind !== 'stance' && act.kind !== 'stance-annulled') {
      this.unknownKinds++;
      return;
    }
    if (!Number.isSafeInteger(section)) throw new Discrepancy(`draft act ${id}: entry ${index} names no section`);
    const key = `${compactKey(act.tag)} ${String(section)}`;
    if (act.kind === 'stance') {
      const stance = act.details.stance;
      if (stance !== undefined && stance !== 'support' && stance !== 'oppose') throw new Discrepancy(`draft act ${id}: entry ${index} has a malformed stance`);
      // A changed stance replaces the earlier one: the latest per person and section counts.
      a.stances.set(key, { leaf: compactKey(leaf), level: levelOf(act), stance: stance ?? null, section: section as number });
    } else if (act.details.of === null) a.preLog++;
    else {
      if (typeof act.details.of !== 'string' || a.stances.get(key)?.leaf !== compactKey(act.details.of))
        throw new Discrepancy(
          `draft act ${id}: entry ${index} annuls ${String(act.details.of)}, which is no current stance of this tag and section in the log`,
        );
      a.stances.delete(key);
    }
  }
}

interface ApiItem {
  id: number;
  kind: string;
  state: string;
  participation: number;
  resultsVisibility: 'during' | 'after';
  questions: PollQuestion[];
}

interface ApiResults {
  emailCounts: boolean;
  respondents: number;
  levels: { idgovua: number; email: number };
  questions: QuestionResult[];
  sections: { sectionId: number; support: number; oppose: number; levels: { idgovua: number; email: number } }[];
}

/** One logged choice string back as the answer it records; the «Інше» text itself is not in the log. */
function answerOf(q: PollQuestion, choice: string): Answer {
  switch (q.type) {
    case 'single':
      return { type: 'single', optionId: choice === 'other' ? null : Number(choice), other: choice === 'other' ? '' : null };
    case 'multiple': {
      const parts = choice === '' ? [] : choice.split('+');
      return { type: 'multiple', optionIds: parts.filter((x) => x !== 'other').map(Number), other: parts.includes('other') ? '' : null };
    }
    case 'ranking':
      return { type: 'ranking', order: choice === '' ? [] : choice.split('>').map(Number) };
    case 'scoring':
      return { type: 'scoring', scores: Object.fromEntries((choice === '' ? [] : choice.split(',')).map((x) => x.split('=')).map(([o, n]) => [o, Number(n)])) };
  }
}

function answersOf(id: number, questions: PollQuestion[], choices: string[]): Record<string, Answer> {
  const byId = new Map(questions.map((q) => [String(q.id), q]));
  const out: Record<string, Answer> = {};
  for (const c of choices) {
    const at = c.indexOf(':');
    const q = byId.get(c.slice(0, at));
    if (at < 0 || !q) throw new Discrepancy(`poll ${id}: the log answers «${c}», a question the site does not list`);
    out[q.id] = answerOf(q, c.slice(at + 1));
  }
  return out;
}

/** The figures of one option a results table shows, for comparing. */
const figures = (o: QuestionResult['options'][number]) => `${o.count}/${o.points ?? '-'}/${o.average ?? '-'}/${o.total ?? '-'}`;

function comparePoll(id: number, item: ApiItem, site: ApiResults, valid: LoggedAnswer[]): boolean {
  if (valid.some((a) => a.choices === null)) return false;
  // The log's level «other» does not occur for answers; pollResults knows two levels.
  const responses = valid.map((a) => ({
    level: a.level === 'email' ? ('email' as const) : ('idgovua' as const),
    answers: answersOf(id, item.questions, a.choices!),
  }));
  const mine = pollResults(item.questions, responses, site.emailCounts);
  if (mine.counted !== site.respondents) throw new Discrepancy(`poll ${id}: the log gives ${mine.counted} counted answers, the site shows ${site.respondents}`);
  for (const q of mine.results) {
    const shown = site.questions.find((x) => x.questionId === q.questionId);
    if (!shown) throw new Discrepancy(`poll ${id}: the site shows no results for question ${q.questionId}`);
    for (const o of q.options) {
      const so = shown.options.find((x) => x.optionId === o.optionId);
      if (!so || figures(so) !== figures(o))
        throw new Discrepancy(
          `poll ${id}, question ${q.questionId}, option ${o.optionId ?? 'other'}: the log gives ${figures(o)}, the site shows ${so ? figures(so) : 'nothing'} (count/points/average/total)`,
        );
    }
  }
  return true;
}

export interface ConsultationCompareSummary {
  polls: number;
  /** Polls whose answers per option were recomputed (their choices are in the log). */
  pollsByOption: number;
  acts: number;
  /** Polls and acts whose results are not public yet: only the number of answers compared (polls), nothing (acts). */
  hidden: string[];
}

const path = (slug: string, id: number) => `/api/v1/communities/${encodeURIComponent(slug)}/consultations/${id}`;
const shown = (item: ApiItem) => item.state === 'ended' || (item.resultsVisibility === 'during' && item.state === 'active');

/** Compares each logged poll and draft act with the site. */
export async function compareConsultations(get: Fetcher, replay: ConsultationReplay): Promise<ConsultationCompareSummary> {
  const out: ConsultationCompareSummary = { polls: 0, pollsByOption: 0, acts: 0, hidden: [] };
  for (const id of [...replay.polls.keys()].sort((a, b) => a - b)) {
    const p = replay.polls.get(id)!;
    const item = await fetchJson<ApiItem>(get, path(p.community, id));
    if (item.kind !== 'poll') throw new Discrepancy(`poll ${id}: the site says it is a ${item.kind}`);
    const valid = [...p.answers.valid.values()];
    if (valid.length !== item.participation) throw new Discrepancy(`poll ${id}: the log gives ${valid.length} answers, the site shows ${item.participation}`);
    out.polls++;
    if (!shown(item)) {
      out.hidden.push(`poll ${id}`);
      continue;
    }
    const site = await fetchJson<ApiResults>(get, `${path(p.community, id)}/results`);
    const levels = countLevels(valid);
    if (levels.email !== site.levels.email)
      throw new Discrepancy(`poll ${id}: the log gives ${levels.email} e-mail-level answers, the site shows ${site.levels.email}`);
    if (comparePoll(id, item, site, valid)) out.pollsByOption++;
  }
  for (const id of [...replay.acts.keys()].sort((a, b) => a - b)) {
    const a = replay.acts.get(id)!;
    const item = await fetchJson<ApiItem>(get, path(a.community, id));
    if (item.kind !== 'act') throw new Discrepancy(`draft act ${id}: the site says it is a ${item.kind}`);
    out.acts++;
    if (!shown(item)) {
      out.hidden.push(`draft act ${id}`);
      continue;
    }
    const site = await fetchJson<ApiResults>(get, `${path(a.community, id)}/results`);
    const sections = new Map<number, { idgovua: number; email: number; support: number; oppose: number; open: boolean }>();
    for (const s of a.stances.values()) {
      let n = sections.get(s.section);
      if (!n) sections.set(s.section, (n = { idgovua: 0, email: 0, support: 0, oppose: 0, open: true }));
      n[s.level === 'email' ? 'email' : 'idgovua']++;
      if (s.stance === null) n.open = false;
      else if (site.emailCounts || s.level !== 'email') n[s.stance]++;
    }
    for (const s of site.sections) {
      const n = sections.get(s.sectionId) ?? { idgovua: 0, email: 0, support: 0, oppose: 0, open: true };
      sections.delete(s.sectionId);
      const name = `draft act ${id}, section ${s.sectionId}`;
      if (n.idgovua !== s.levels.idgovua || n.email !== s.levels.email)
        throw new Discrepancy(
          `${name}: the log gives ${n.idgovua} id.gov.ua and ${n.email} e-mail stances, the site shows ${s.levels.idgovua} and ${s.levels.email}`,
        );
      if (n.open && (n.support !== s.support || n.oppose !== s.oppose))
        throw new Discrepancy(`${name}: the log gives ${n.support} for and ${n.oppose} against, the site shows ${s.support} and ${s.oppose}`);
    }
    const extra = [...sections.keys()];
    if (extra.length > 0) throw new Discrepancy(`draft act ${id}: the log has stances on section ${extra[0]}, which the site does not list`);
  }
  return out;
}
