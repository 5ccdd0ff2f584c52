/**
 * Timings of the tally engine (issue 5, Performance): a script, not a test, because the figures depend on
 * the machine. Run: `npx tsx bench/tally.ts`.
 *
 * 1. Greedy on a generated election of 100 000 ballots × 200 projects, counting the votes from the ballots
 *    (target: under 1 s).
 * 2. The Method of Equal Shares with Add1 on Łódź 2022 from the shared Pabulib copy (90 494 voters,
 *    160 projects; aim: seconds), skipped with a message when the file is not there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { countVotes, runTally, type Ballot, type Election, type Project } from '../src/modules/budgets/tally/index.js';
import { pabulibElection, parsePabulib } from '../src/modules/budgets/tally/pabulib.js';

function ms(from: number): string {
  return `${(performance.now() - from).toFixed(0)} ms`;
}

/** CPU time since `from` (a process.cpuUsage() reading): on a busy machine wall time says little. */
function cpu(from: NodeJS.CpuUsage): string {
  const used = process.cpuUsage(from);
  return `${((used.user + used.system) / 1000).toFixed(0)} ms CPU`;
}

/** A small deterministic generator, so every run times the same election. */
function generator(seed: number): (m: number) => number {
  let s = seed >>> 0;
  return (m) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % m;
  };
}

function generatedElection(voters: number, projectCount: number): Election {
  const rnd = generator(2027);
  const projects: Project[] = [];
  for (let j = 0; j < projectCount; j++) {
    // Costs from 10 000 to 1 000 000 hryvnias, in kopiykas.
    projects.push({ id: `P${j + 1}`, cost: BigInt(10_000 + rnd(990_001)) * 100n, votes: 0n, submittedOrder: j });
  }
  // Some projects are far more popular than others, as in real contests: pick from a skewed distribution.
  const ballots: Ballot[] = [];
  for (let i = 0; i < voters; i++) {
    const chosen = new Set<string>();
    const k = 1 + rnd(5);
    while (chosen.size < k) chosen.add(`P${1 + Math.floor((rnd(projectCount) * rnd(projectCount)) / projectCount)}`);
    ballots.push({ kind: 'approval', projects: [...chosen] });
  }
  return { budget: 20_000_000n * 100n, projects, ballots };
}

function benchGreedy(): void {
  const e = generatedElection(100_000, 200);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const counted: Election = { ...e, projects: countVotes(e.projects, e.ballots) };
  const countTime = ms(t0);
  const t1 = performance.now();
  const r = runTally(counted, 'greedy');
  const tallyTime = ms(t1);
  console.log(
    `greedy, 100 000 ballots × 200 projects: ${ms(t0)} total, ${cpu(c0)} (counting votes ${countTime}, checks + greedy ${tallyTime}); ${r.winners.length} funded`,
  );
}

function benchEqualShares(): void {
  const path = fileURLToPath(new URL('../../shared/pabulib/large/Poland_Lodz_2022.pb', import.meta.url));
  if (!existsSync(path)) {
    console.log(`MES with Add1 on Łódź 2022: skipped, ${path} is not there`);
    return;
  }
  const t0 = performance.now();
  const file = parsePabulib(readFileSync(path, 'utf8'));
  const e = pabulibElection(file);
  const readTime = ms(t0);
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const r = runTally(e, 'mes', { add1Increment: file.scale });
  const mesCpu = cpu(c1);
  const mesTime = ms(t1);
  const m = r.mes!;
  console.log(
    `MES with Add1, Łódź 2022 (${m.voters} voters, ${e.projects.length} projects): ${mesTime}, ${mesCpu} ` +
      `(reading the file ${readTime}); ${m.add1Steps} Add1 steps, ${r.winners.length} funded for ${r.totalCost} of ${e.budget}`,
  );
}

benchGreedy();
benchEqualShares();
