/**
 * Consultation acts as the transparency log records them (issue #18), as pure builders: the person only as a
 * tag, the sign-in level (it decides whether the act counts), and what was chosen as public ids. A poll's
 * subject is `poll:<item id>`, a draft act's `act:<item id>`.
 */
import type { LoggedAct } from '../../../core/tlog/acts.js';
import type { Level } from './levels.js';
import type { Answer } from './poll.js';

export const DUPLICATE_LINKED = 'duplicate-linked';

export const pollSubject = (itemId: number): string => `poll:${itemId}`;
export const actSubject = (itemId: number): string => `act:${itemId}`;

/**
 * The choices of a response, one string per question in question-id order, `<question id>:<choice>`:
 * single `12:34`; multiple `13:34+35` (in the optionsʼ order); ranking `14:36>34>35` (first place first); scoring `15:34=5,35=3`.
 * The person's own «Інше» text may hold personal data: only that it was given is logged, as `other`.
 */
export function answerChoices(answers: Readonly<Record<string, Answer>>): string[] {
  return Object.keys(answers)
    .sort((a, b) => Number(a) - Number(b))
    .map((q) => {
      const a = answers[q]!;
      switch (a.type) {
        case 'single':
          return `${q}:${a.optionId ?? 'other'}`;
        case 'multiple':
          return `${q}:${[...a.optionIds.map(String), ...(a.other !== null ? ['other'] : [])].join('+')}`;
        case 'ranking':
          return `${q}:${a.order.join('>')}`;
        case 'scoring':
          return `${q}:${Object.keys(a.scores)
            .sort((x, y) => Number(x) - Number(y))
            .map((o) => `${o}=${a.scores[o]}`)
            .join(',')}`;
      }
    });
}

/**
 * A poll's one final response. Its choices are public only where the poll shows its results while it runs
 * (`choicesPublic`): where the results wait for the end, one entry's choices would show them early and,
 * with the entry's minute and place in the log, could tell an onlooker how a person they saw answer chose.
 */
export function answerAct(
  community: string,
  itemId: number,
  personKey: string,
  at: Date,
  level: Level,
  answers: Readonly<Record<string, Answer>>,
  choicesPublic: boolean,
): LoggedAct {
  const details: NonNullable<LoggedAct['details']> = choicesPublic ? { level, answers: answerChoices(answers) } : { level };
  return { community, tool: 'consultations', subject: pollSubject(itemId), kind: 'answer', at, personKey, details };
}

/**
 * A stance on a draft act as a whole (`section` 0) or on one section (its id). A changed stance is a new
 * `stance` entry: the latest entry per tag and section is the one that counts.
 */
export function stanceAct(
  community: string,
  itemId: number,
  personKey: string,
  at: Date,
  level: Level,
  section: number,
  stance: 'support' | 'oppose',
  choicesPublic: boolean,
): LoggedAct {
  // As for answers: the stance itself only where the discussion shows its tallies while it runs.
  const details: NonNullable<LoggedAct['details']> = choicesPublic ? { level, section, stance } : { level, section };
  return { community, tool: 'consultations', subject: actSubject(itemId), kind: 'stance', at, personKey, details };
}

/** A later response annulled when the person's e-mail account was linked; `of` names its entry (null before the log). */
export function answerAnnulledAct(community: string, itemId: number, r: { identity: string; level: Level; log_leaf: string | null }, at: Date): LoggedAct {
  return {
    community,
    tool: 'consultations',
    subject: pollSubject(itemId),
    kind: 'answer-annulled',
    at,
    personKey: r.identity,
    details: { level: r.level, of: r.log_leaf, reason: DUPLICATE_LINKED },
  };
}

/** A later stance annulled likewise; `of` names the entry of its latest change (null before the log). */
export function stanceAnnulledAct(
  community: string,
  itemId: number,
  r: { identity: string; level: Level; scope: number; log_leaf: string | null },
  at: Date,
): LoggedAct {
  return {
    community,
    tool: 'consultations',
    subject: actSubject(itemId),
    kind: 'stance-annulled',
    at,
    personKey: r.identity,
    details: { level: r.level, section: r.scope, of: r.log_leaf, reason: DUPLICATE_LINKED },
  };
}
