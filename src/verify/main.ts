/**
 * `npm run verify -- URL [--state FILE] [--key VKEY]`: the independent verifier of a Віче site's
 * transparency log (issue #18). It checks the signed checkpoint, recomputes the Merkle root from every
 * entry, checks that the log extends what the last run saw (with --state), replays the petition
 * signatures, budget ballots, poll answers and stances and compares them with the public API. Only public HTTP is used.
 * Exit codes: 0 all consistent; 1 a discrepancy (named on stderr); 2 bad usage.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Discrepancy, fetchCheckpoint, httpFetcher, streamLog, type Fetcher, type VerifierState } from './log.js';
import { comparePetitions } from './petitions.js';
import { compareBudgets } from './budgets.js';
import { compareConsultations } from './consultations.js';
import { LogReplay } from './replay.js';

export interface VerifyOutput {
  code: number;
  stdout: string;
  stderr: string;
}

const USAGE = `usage: npm run verify -- URL [--state FILE] [--key VKEY]
  URL      the site, e.g. https://viche.example (its log is at URL/log)
  --state  a JSON file {size, root, key}: pins the key on the first run, then checks that the log only grows
  --key    the verifier key to trust, instead of the one the site serves at URL/log/key`;

class UsageError extends Error {}

interface Args {
  url: string;
  state?: string;
  key?: string;
}

function parseArgs(argv: readonly string[]): Args {
  let url: string | undefined;
  const out: Partial<Args> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--state' || a === '--key') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      out[a === '--state' ? 'state' : 'key'] = v;
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (url === undefined) url = a;
    else throw new UsageError(`one URL only, not also ${a}`);
  }
  if (url === undefined) throw new UsageError('the site URL is missing');
  if (!/^https?:\/\/[^\s]+$/i.test(url)) throw new UsageError(`not an http(s) URL: ${url}`);
  return { ...out, url };
}

function readState(file: string): VerifierState | null {
  if (!existsSync(file)) return null;
  const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<VerifierState>;
  if (!Number.isSafeInteger(v.size) || typeof v.root !== 'string' || typeof v.key !== 'string')
    throw new UsageError(`${file}: not a verifier state {size, root, key}`);
  return v as VerifierState;
}

function writeState(file: string, state: VerifierState): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Runs the whole verification; `get` may be replaced (tests), by default plain HTTP below the URL. */
export async function runVerify(argv: readonly string[], fetcher?: Fetcher): Promise<VerifyOutput> {
  let args: Args;
  let state: VerifierState | null = null;
  try {
    args = parseArgs(argv);
    if (args.state) state = readState(args.state);
  } catch (e) {
    if (e instanceof UsageError || e instanceof SyntaxError) return { code: 2, stdout: '', stderr: `verify: ${e.message}\n${USAGE}\n` };
    throw e;
  }
  const get = fetcher ?? httpFetcher(args.url);
  const lines: string[] = [];
  try {
    const { key, checkpoint } = await fetchCheckpoint(get, { ...(args.key ? { key: args.key } : {}), state });
    lines.push(`checkpoint: ${checkpoint.origin}, ${checkpoint.size} entries, root ${checkpoint.root.toString('base64')} (signature valid)`);
    const replay = new LogReplay();
    await streamLog(get, checkpoint, state, (index, entry, leaf) => replay.add(index, entry, leaf));
    lines.push(`entries: ${replay.summary.entries}; root recomputed and equal; every leaf hash equals the level-0 hash tile`);
    if (replay.problem) throw replay.problem;
    if (state) lines.push(`consistency: the log extends the last run's ${state.size} entries`);
    const tools = [...replay.summary.tools.entries()].sort(([a], [b]) => a.localeCompare(b));
    lines.push(`tools: ${tools.map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}`);
    for (const [tool, n] of replay.unknownKinds()) lines.push(`${tool} entries of unknown kinds (skipped): ${n}`);
    const cmp = await comparePetitions(get, replay.petitions);
    lines.push(`petitions checked against the site: ${cmp.checked}`);
    if (cmp.unpublished.length > 0)
      lines.push(
        `petitions in the log that the site does not publish yet (in moderation): ${cmp.unpublished.map((u) => `${u.id} (${u.signatures})`).join(', ')}`,
      );
    if (cmp.notLogged.length > 0) lines.push(`petitions not logged from the start (signed before the log began): ${cmp.notLogged.join(', ')}`);
    const b = await compareBudgets(get, replay.budgets);
    lines.push(
      `budget contests checked against the site: ${b.checked} (ballots; votes per project compared in ${b.votesCompared}, winners recomputed in ${b.winnersRecomputed})`,
    );
    if (b.ballotsOnly.length > 0) lines.push(`contests whose choices the log hides (ballot counts only): ${b.ballotsOnly.join(', ')}`);
    if (b.preLogAnnulled > 0) lines.push(`annulments of ballots cast before the log: ${b.preLogAnnulled}`);
    const k = await compareConsultations(get, replay.consultations);
    lines.push(`polls checked against the site: ${k.polls} (answers per option recomputed in ${k.pollsByOption}); draft acts checked: ${k.acts}`);
    if (k.hidden.length > 0) lines.push(`results not public yet (answers counted only; stances not compared): ${k.hidden.join(', ')}`);
    lines.push('OK');
    if (args.state) writeState(args.state, { size: checkpoint.size, root: checkpoint.root.toString('base64'), key });
    return { code: 0, stdout: lines.map((l) => `${l}\n`).join(''), stderr: '' };
  } catch (e) {
    if (e instanceof Discrepancy) return { code: 1, stdout: lines.map((l) => `${l}\n`).join(''), stderr: `verify: DISCREPANCY: ${e.message}\n` };
    throw e;
  }
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  const out = await runVerify(process.argv.slice(2));
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.code;
}
