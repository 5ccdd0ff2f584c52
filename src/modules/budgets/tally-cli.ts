/**
 * `npm run tally -- FILE.pb [--rule greedy|greedy-no-skip|greedy-threshold|mes|mes-comparison] [--threshold N] [--json]`
 *
 * Counts a Pabulib file with our tally engine and prints the winning project ids, one per line in the order
 * they were funded (or JSON with every project's verdict). Anyone can check our engine against the official
 * results of real elections this way, and check a published Віче result against its own export.
 * Exit codes: 0 counted; 2 bad usage or input (missing file, unknown rule, malformed file with its line).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatFraction, runTally, TallyInputError, TALLY_RULES, type Fraction, type TallyResult, type TallyRule, type Verdict } from './tally/index.js';
import { PabulibError, pabulibElection, pabulibThreshold, parsePabulib, ruleFromPabulib, type PabulibFile } from './tally/pabulib.js';

export interface CliOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const USAGE = `usage: npm run tally -- FILE.pb [--rule ${TALLY_RULES.join('|')}] [--threshold N] [--json]
  --rule       winner rule; by default the file's META rule (equalshares/add1 → mes,
               equalshares/add1-comparison → mes-comparison)
  --threshold  minimum votes (default: META min_project_score_threshold)
  --json       every project with its verdict, instead of the winners one per line`;

class UsageError extends Error {}

interface Args {
  file: string;
  rule?: TallyRule;
  threshold?: bigint;
  json: boolean;
}

function parseArgs(argv: readonly string[]): Args | 'help' {
  let file: string | undefined;
  let rule: TallyRule | undefined;
  let threshold: bigint | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--help' || name === '-h') return 'help';
    if (name === '--json') json = true;
    else if (name === '--rule') {
      const r = value();
      if (!(TALLY_RULES as readonly string[]).includes(r)) throw new UsageError(`unknown rule ${JSON.stringify(r)} (known: ${TALLY_RULES.join(', ')})`);
      rule = r as TallyRule;
    } else if (name === '--threshold') {
      const t = value();
      if (!/^\d+$/.test(t)) throw new UsageError(`--threshold must be a whole number, got ${JSON.stringify(t)}`);
      threshold = BigInt(t);
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`one file at a time (got ${JSON.stringify(file)} and ${JSON.stringify(a)})`);
  }
  if (file === undefined) throw new UsageError('no file given');
  return { file, json, ...(rule ? { rule } : {}), ...(threshold !== undefined ? { threshold } : {}) };
}

/** The tally of a parsed Pabulib file, with the rule and threshold its META declares unless overridden. */
export function tallyPabulib(file: PabulibFile, override: { rule?: TallyRule; threshold?: bigint } = {}): TallyResult {
  const rule = override.rule ?? ruleFromPabulib(file.meta['rule']);
  if (!rule) {
    throw new TallyInputError(`the file's rule ${JSON.stringify(file.meta['rule'] ?? '')} is not one we count; choose one with --rule`);
  }
  const threshold = override.threshold ?? pabulibThreshold(file);
  // Add1 raises shares by one currency unit, which is `scale` of the file's smallest units.
  return runTally(pabulibElection(file), rule, { add1Increment: file.scale, ...(threshold !== undefined ? { threshold } : {}) });
}

function money(units: bigint, scale: bigint): string {
  return formatFraction({ num: units, den: 1n }, scale === 1n ? 0 : scale.toString().length - 1, scale);
}

function share(f: Fraction, scale: bigint): string {
  return formatFraction(f, 2, scale);
}

function verdictJson(v: Verdict, scale: bigint): Record<string, string | number> {
  switch (v.status) {
    case 'funded':
      return {
        status: v.status,
        step: v.step,
        remainingBefore: money(v.remainingBefore, scale),
        ...(v.payment ? { paymentPerSupporter: share(v.payment, scale) } : {}),
      };
    case 'not-funded-does-not-fit':
      return { status: v.status, remainingBudget: money(v.remainingBudget, scale) };
    case 'below-threshold':
      return { status: v.status, threshold: v.threshold.toString() };
    case 'stopped':
      return { status: v.status, stoppedAt: v.stoppedAt, remainingBudget: money(v.remainingBudget, scale) };
    case 'not-affordable':
      return { status: v.status, step: v.step, supportersMoney: share(v.supportersMoney, scale) };
  }
}

export function resultJson(result: TallyResult, scale: bigint): unknown {
  return {
    rule: result.rule,
    budget: money(result.budget, scale),
    totalCost: money(result.totalCost, scale),
    winners: result.winners,
    projects: result.projects.map((p) => ({ id: p.id, cost: money(p.cost, scale), votes: p.votes.toString(), rank: p.rank, ...verdictJson(p.verdict, scale) })),
    ...(result.mes
      ? {
          mes: {
            voters: result.mes.voters,
            voterBudget: share(result.mes.voterBudget, scale),
            add1Steps: result.mes.add1Steps,
            exhaustive: result.mes.exhaustive,
            ...(result.mes.comparison ? { comparison: result.mes.comparison } : {}),
          },
        }
      : {}),
  };
}

/** The whole command without touching the process, so tests run exactly what the CLI runs. */
export function runTallyCli(argv: readonly string[], readText: (path: string) => string = (p) => readFileSync(p, 'utf8')): CliOutput {
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `tally: ${e.message}\n${USAGE}\n` };
    throw e;
  }
  if (args === 'help') return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  let text: string;
  try {
    text = readText(args.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
    return { code: 2, stdout: '', stderr: `tally: cannot read ${args.file}: ${why}\n` };
  }
  try {
    const file = parsePabulib(text);
    const result = tallyPabulib(file, { ...(args.rule ? { rule: args.rule } : {}), ...(args.threshold !== undefined ? { threshold: args.threshold } : {}) });
    const stdout = args.json ? `${JSON.stringify(resultJson(result, file.scale), null, 2)}\n` : result.winners.map((w) => `${w}\n`).join('');
    // Tolerated oddities go to stderr, so stdout stays the plain list of winners.
    const stderr = file.warnings.map((w) => `tally: ${args.file}:${w.line}: warning: ${w.message}\n`).join('');
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (e instanceof PabulibError)
      return { code: 2, stdout: '', stderr: `tally: ${args.file}:${e.line > 0 ? `${e.line}:` : ''} ${e.message.replace(/^line \d+: /, '')}\n` };
    if (e instanceof TallyInputError) return { code: 2, stdout: '', stderr: `tally: ${args.file}: ${e.message}\n` };
    throw e;
  }
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  const out = runTallyCli(process.argv.slice(2));
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.code;
}
