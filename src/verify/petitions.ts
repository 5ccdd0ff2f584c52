/**
 * The petition half of the verifier: replays the logged signatures and cancellations per petition, then
 * compares them with what the public JSON API shows.
 *
 * Mapping (like with like): the log's valid signatures of a petition (signatures − those a
 * `signature-invalidated` entry cancels, any level) = `total` of GET /api/v1/petitions/:id/signatures
 * (valid signatures of every level). The site's `signatureCount` (GET /api/v1/petitions/:id) counts
 * e-mail signatures only where the petition's rules say so, and the API does not say which: it must be
 * either the id.gov.ua signatures alone or those plus the e-mail ones.
 */
import type { ParsedAct } from '../core/tlog/acts.js';
import { Discrepancy, fetchJson as json, NotPublished, type Fetcher } from './log.js';
import { countLevels, levelOf, OnePerTag, subjectId } from './subjects.js';

interface Subject {
  community: string;
  /** The valid signatures: their tags and levels. */
  signatures: OnePerTag<{ tag: string; level: string }>;
}

/** Replays the log's petition entries in order (see LogReplay); throws a Discrepancy on an inconsistent one. */
export class PetitionReplay {
  readonly subjects = new Map<number, Subject>();
  unknownKinds = 0;

  add(index: number, act: ParsedAct, leaf: string): void {
    const id = subjectId(index, act, 'petition');
    let s = this.subjects.get(id);
    if (!s) this.subjects.set(id, (s = { community: act.community, signatures: new OnePerTag() }));
    if (act.kind === 'signature') {
      if (!s.signatures.add(leaf, { tag: act.tag, level: levelOf(act) }))
        throw new Discrepancy(`petition ${id}: entry ${index} is a second valid signature with the same tag`);
    } else if (act.kind === 'signature-invalidated') {
      // Every signature was logged from the start: a cancellation names one (no `of: null`).
      const of = act.details.of;
      if (of === null || !s.signatures.cancel(of))
        throw new Discrepancy(`petition ${id}: entry ${index} cancels ${String(of)}, which is no valid signature of this petition in the log`);
    } else this.unknownKinds++;
  }
}

interface ApiPetition {
  id: number;
  community: string;
  signatureCount: number;
}

export interface CompareSummary {
  checked: number;
  /** Petitions the site shows signed that the log never mentions (signed before the log began). */
  notLogged: number[];
  /** Petitions the log names that the site does not publish (yet): in moderation, with their valid signatures. */
  unpublished: { id: number; signatures: number }[];
}

/** Compares each logged petition with the API; then lists the communities' petitions the log never saw. */
export async function comparePetitions(get: Fetcher, replay: PetitionReplay): Promise<CompareSummary> {
  const ids = [...replay.subjects.keys()].sort((a, b) => a - b);
  const unpublished: CompareSummary['unpublished'] = [];
  for (const id of ids) {
    const s = replay.subjects.get(id)!;
    const levels = countLevels(s.signatures.valid.values());
    const valid = levels.idgovua + levels.email + levels.other;
    let p: ApiPetition;
    try {
      p = await json<ApiPetition>(get, `/api/v1/petitions/${id}`);
    } catch (e) {
      if (!(e instanceof NotPublished)) throw e;
      unpublished.push({ id, signatures: valid });
      continue;
    }
    if (p.community !== s.community) throw new Discrepancy(`petition ${id}: the log places it in «${s.community}», the site in «${p.community}»`);
    const sigs = await json<{ total: number }>(get, `/api/v1/petitions/${id}/signatures`);
    if (sigs.total !== valid) throw new Discrepancy(`petition ${id}: the log gives ${valid} valid signatures, the site lists ${sigs.total}`);
    const counted = [levels.idgovua + levels.other, valid];
    if (!counted.includes(p.signatureCount))
      throw new Discrepancy(
        `petition ${id}: the log gives ${valid} valid signatures (${levels.idgovua} id.gov.ua, ${levels.email} e-mail), the site shows ${p.signatureCount}`,
      );
  }
  const notLogged: number[] = [];
  const communities = [...new Set([...replay.subjects.values()].map((s) => s.community))].sort();
  for (const slug of communities) {
    for (let page = 1; ; page++) {
      const list = await json<{ items: ApiPetition[]; total: number; perPage: number }>(
        get,
        `/api/v1/communities/${encodeURIComponent(slug)}/petitions?status=all&page=${page}`,
      );
      for (const p of list.items) if (p.signatureCount > 0 && !replay.subjects.has(p.id)) notLogged.push(p.id);
      if (page * list.perPage >= list.total || list.items.length === 0) break;
    }
  }
  return { checked: ids.length - unpublished.length, notLogged: notLogged.sort((a, b) => a - b), unpublished };
}
