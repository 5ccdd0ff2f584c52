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
import { parseActEntry } from '../core/tlog/acts.js';
import { leafHash } from '../core/tlog/merkle.js';
import { Discrepancy, type Fetcher } from './log.js';

interface Subject {
  community: string;
  /** Signature leaf hash (base64) → its tag and level; removed when cancelled. */
  valid: Map<string, { tag: string; level: string }>;
  cancelled: number;
}

export interface ReplaySummary {
  entries: number;
  /** Entries per tool (unknown tools and unparsable entries included, by name or «unparsable»). */
  tools: Map<string, number>;
  /** Petition entries of kinds the verifier does not know. */
  unknownKinds: number;
}

/**
 * Replays the log's petition entries in order. The first inconsistency is kept in `problem` (not thrown),
 * so that a broken log is reported as such before what it would make of the petitions.
 */
export class PetitionReplay {
  readonly subjects = new Map<number, Subject>();
  readonly summary: ReplaySummary = { entries: 0, tools: new Map(), unknownKinds: 0 };
  problem: Discrepancy | null = null;

  add(index: number, entry: Buffer): void {
    try {
      this.replay(index, entry);
    } catch (e) {
      if (!(e instanceof Discrepancy)) throw e;
      this.problem ??= e;
    }
  }

  private replay(index: number, entry: Buffer): void {
    this.summary.entries++;
    const act = parseActEntry(entry);
    const tool = act?.tool ?? 'unparsable';
    this.summary.tools.set(tool, (this.summary.tools.get(tool) ?? 0) + 1);
    if (!act || act.tool !== 'petitions') return;
    const m = /^petition:([1-9][0-9]*)$/.exec(act.subject);
    if (!m) throw new Discrepancy(`entry ${index}: a petition entry about «${act.subject}»`);
    const id = Number(m[1]);
    let s = this.subjects.get(id);
    if (!s) this.subjects.set(id, (s = { community: act.community, valid: new Map(), cancelled: 0 }));
    if (act.kind === 'signature') {
      const level = typeof act.details.level === 'string' ? act.details.level : 'unknown';
      const dup = [...s.valid.values()].some((v) => v.tag === act.tag);
      if (dup) throw new Discrepancy(`petition ${id}: entry ${index} is a second valid signature with the same tag`);
      s.valid.set(leafHash(entry).toString('base64'), { tag: act.tag, level });
    } else if (act.kind === 'signature-invalidated') {
      const of = act.details.of;
      if (typeof of !== 'string' || !s.valid.delete(of))
        throw new Discrepancy(`petition ${id}: entry ${index} cancels ${String(of)}, which is no valid signature of this petition in the log`);
      s.cancelled++;
    } else this.summary.unknownKinds++;
  }
}

interface ApiPetition {
  id: number;
  community: string;
  signatureCount: number;
}

async function json<T>(get: Fetcher, path: string): Promise<T> {
  const body = await get(path);
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new Discrepancy(`${path}: not JSON`);
  }
}

export interface CompareSummary {
  checked: number;
  /** Petitions the site shows signed that the log never mentions (signed before the log began). */
  notLogged: number[];
}

/** Compares each logged petition with the API; then lists the communities' petitions the log never saw. */
export async function comparePetitions(get: Fetcher, replay: PetitionReplay): Promise<CompareSummary> {
  const ids = [...replay.subjects.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const s = replay.subjects.get(id)!;
    const levels = { idgovua: 0, email: 0, other: 0 };
    for (const v of s.valid.values()) {
      if (v.level === 'idgovua') levels.idgovua++;
      else if (v.level === 'email') levels.email++;
      else levels.other++;
    }
    const valid = levels.idgovua + levels.email + levels.other;
    const p = await json<ApiPetition>(get, `/api/v1/petitions/${id}`);
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
  return { checked: ids.length, notLogged: notLogged.sort((a, b) => a - b) };
}
