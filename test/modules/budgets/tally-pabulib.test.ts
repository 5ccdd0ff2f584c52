// Real elections from Pabulib (test/fixtures/pabulib, with attribution in its README): our engine must
// reproduce the projects each city actually funded. Every fixture goes through the CLI's own code path
// (`runTallyCli`), one through a real `node` process; then the reader and writer of the format.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { programArgs } from '../../helpers/processes.js';
import { runTallyCli, tallyPabulib } from '../../../src/modules/budgets/tally-cli.js';
import { equalShares } from '../../../src/modules/budgets/tally/equal-shares.js';
import { runTally } from '../../../src/modules/budgets/tally/index.js';
import { pabulibElection, parsePabulib, PabulibError, writePabulib, type PabulibExport, type PabulibFile } from '../../../src/modules/budgets/tally/pabulib.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/pabulib/', import.meta.url));

interface Expected {
  voteType: string;
  rule: string;
  budget: string;
  voters: number;
  projects: number;
  winners: string[];
}
const expected = JSON.parse(readFileSync(`${FIXTURES}expected.json`, 'utf8')) as Record<string, Expected>;
const fixture = (name: string): PabulibFile => parsePabulib(readFileSync(FIXTURES + name, 'utf8'));
const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const RULE_NAMES: Record<string, string> = {
  greedy: 'greedy',
  'greedy-no-skip': 'greedy-no-skip',
  'greedy-threshold': 'greedy-threshold',
  'equalshares/add1': 'mes',
  'equalshares/add1-comparison': 'mes-comparison',
};

describe('official winners of real elections', () => {
  test('the fixtures cover every rule and every ballot type', () => {
    const all = Object.values(expected);
    assert.deepEqual(new Set(all.map((e) => e.rule)), new Set(Object.keys(RULE_NAMES)));
    assert.deepEqual(new Set(all.map((e) => e.voteType)), new Set(['approval', 'choose-1', 'cumulative']));
  });

  for (const [name, exp] of Object.entries(expected)) {
    test(`${name} (${exp.voteType}, ${exp.rule})`, () => {
      // JSON carries the winners as well as the rule the file's META resolved to; the plain output is
      // checked below and by the real process (counting Wieliczka twice would only cost time).
      const json = runTallyCli([FIXTURES + name, '--json']);
      assert.equal(json.code, 0, json.stderr);
      const parsed = JSON.parse(json.stdout) as { rule: string; budget: string; winners: string[]; projects: unknown[] };
      assert.deepEqual(sorted(parsed.winners), sorted(exp.winners));
      assert.equal(parsed.rule, RULE_NAMES[exp.rule]);
      assert.equal(parsed.budget, exp.budget);
      assert.equal(parsed.projects.length, exp.projects);
      assert.equal(fixture(name).voters.length, exp.voters);
    });
  }

  test('the rule details matter on these files', () => {
    // Karwiny 2020: plain greedy would go on past the first project that does not fit.
    const karwiny = fixture('Poland_Gdynia_2020_Karwiny__small.pb');
    assert.notDeepEqual(sorted(tallyPabulib(karwiny, { rule: 'greedy' }).winners), sorted(expected['Poland_Gdynia_2020_Karwiny__small.pb']!.winners));
    // Orłowo 2020: without the META threshold, project 2 (43 votes < 50) would be funded under no-skip.
    const orlowo = fixture('Poland_Gdynia_2020_Orlowo__small.pb');
    assert.ok(tallyPabulib(orlowo, { threshold: 0n }).winners.includes('2'));
    assert.ok(!tallyPabulib(orlowo).winners.includes('2'));
    // Zawodzie-Dąbie 2025: the threshold (300 points) changes the outcome.
    const zawodzie = fixture('Poland_Czestochowa_2025_Zawodzie_-_Dabie.pb');
    assert.notDeepEqual(sorted(tallyPabulib(zawodzie, { threshold: 0n }).winners), sorted(tallyPabulib(zawodzie).winners));
  });

  test('Wieliczka 2023 forces Add1 to go on while the outcome fits, not stop at the first exhaustive one', () => {
    const e = pabulibElection(fixture('Poland_Wieliczka_2023_Green_Budget.pb'));
    const ids = (order: number[]): string[] => sorted(order.map((j) => e.projects[j]!.id));
    const official = sorted(expected['Poland_Wieliczka_2023_Green_Budget.pb']!.winners);
    const early = equalShares(e.budget, e.projects, e.ballots, { add1Stop: 'exhaustive' });
    assert.equal(early.exhaustive, true);
    const got = ids(early.run.order);
    assert.deepEqual(
      got.filter((id) => !official.includes(id)),
      ['66', '67'],
    );
    assert.deepEqual(
      official.filter((id) => !got.includes(id)),
      ['46'],
    );
    // A 'mes' tally reports that other outcome, so a results page and an export can name it.
    const mes = runTally(e, 'mes').mes!;
    assert.deepEqual(sorted([...mes.exhaustiveStop!.winners]), got);
    const share = mes.exhaustiveStop!.voterBudget;
    assert.equal(share.num * early.voterBudget.den, early.voterBudget.num * share.den);
    assert.equal(mes.exhaustiveStop!.add1Steps, early.add1Steps);
    // Both start shares reproduce the official outcome, so that choice is ours, not the data's.
    assert.deepEqual(ids(equalShares(e.budget, e.projects, e.ballots, { start: 'floor' }).run.order), official);
    assert.deepEqual(ids(equalShares(e.budget, e.projects, e.ballots).run.order), official);
  });

  test('JSON explains every project: MES shares, the comparison with greedy, what was left', () => {
    const out = runTallyCli([`${FIXTURES}Poland_Wieliczka_2023_Green_Budget.pb`, '--json']);
    const r = JSON.parse(out.stdout) as {
      winners: string[];
      totalCost: string;
      mes: { voters: number; voterBudget: string; add1Steps: number; comparison: { prefersMes: number; prefersGreedy: number; kept: string } };
      projects: { id: string; status: string; step?: number; supportersMoney?: string; paymentPerSupporter?: string }[];
    };
    assert.equal(r.totalCost, '995079');
    // 1 000 000 / 6586 = 151.837…, plus 164 Add1 steps of 1 zł.
    assert.deepEqual({ ...r.mes, comparison: undefined }, { voters: 6586, voterBudget: '315.83', add1Steps: 164, exhaustive: true, comparison: undefined });
    assert.deepEqual(r.mes.comparison, { prefersMes: 1615, prefersGreedy: 873, kept: 'mes' });
    const p66 = r.projects.find((p) => p.id === '66')!;
    assert.equal(p66.status, 'not-affordable');
    assert.match(p66.supportersMoney!, /^\d+\.\d\d$/);
    assert.equal(r.projects.filter((p) => p.status === 'funded').length, r.winners.length);

    // Greedy on a budget with grosze: money is printed in złoty with its decimals.
    const warsaw = JSON.parse(runTallyCli([`${FIXTURES}Poland_Warszawa_2019_Przyczolek_Grochowski.pb`, '--json']).stdout) as {
      budget: string;
      projects: { status: string; remainingBudget?: string }[];
    };
    assert.equal(warsaw.budget, '114339.91');
    assert.ok(warsaw.projects.some((p) => p.status === 'not-funded-does-not-fit' && /^\d+\.\d\d$/.test(p.remainingBudget!)));
  });
});

describe('the tally command', () => {
  test('runs as a real process: winners one per line, exit 0', () => {
    const name = 'Netherlands_Assen_2024.pb';
    const stdout = execFileSync(process.execPath, [...programArgs('src/modules/budgets/tally-cli.ts'), FIXTURES + name], { cwd: REPO, encoding: 'utf8' });
    assert.deepEqual(sorted(stdout.trim().split('\n')), sorted(expected[name]!.winners));
    const failed = spawnSync(process.execPath, [...programArgs('src/modules/budgets/tally-cli.ts'), `${FIXTURES}no-such-file.pb`], {
      cwd: REPO,
      encoding: 'utf8',
    });
    assert.equal(failed.status, 2);
    assert.match(failed.stderr, /cannot read .*no-such-file\.pb: no such file/);
  });

  test('--rule overrides META; bad usage exits 2 with a clear message', () => {
    const mirow = `${FIXTURES}Poland_Czestochowa_2024_Mirow.pb`;
    assert.deepEqual(runTallyCli([mirow]), { code: 0, stdout: '795\n687\n146\n717\n', stderr: '' });
    assert.equal(runTallyCli([mirow, '--rule', 'greedy-no-skip']).code, 0);
    assert.equal(runTallyCli([mirow, '--rule=mes']).code, 0);
    const unknown = runTallyCli([mirow, '--rule', 'borda']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown rule "borda" \(known: greedy, greedy-no-skip, greedy-threshold, mes, mes-comparison\)/);
    assert.match(runTallyCli([mirow, '--colour']).stderr, /unknown option --colour/);
    assert.match(runTallyCli([]).stderr, /no file given/);
    assert.match(runTallyCli([mirow, '--threshold', 'ten']).stderr, /--threshold must be a whole number/);
    assert.equal(runTallyCli(['--help']).code, 0);
    // greedy-threshold without any threshold in META or on the command line.
    const needs = runTallyCli([mirow, '--rule', 'greedy-threshold']);
    assert.equal(needs.code, 2);
    assert.match(needs.stderr, /greedy-threshold needs a threshold/);
  });

  test('a malformed file is refused with its line number', () => {
    const text = [
      'META',
      'key;value',
      'budget;100',
      'rule;greedy',
      'PROJECTS',
      'project_id;cost;votes',
      '1;50;2',
      '2;60',
      'VOTES',
      'voter_id;vote',
      'a;1',
    ].join('\r\n');
    const out = runTallyCli(['broken.pb'], () => text);
    assert.equal(out.code, 2);
    assert.equal(out.stderr, 'tally: broken.pb:8: expected 3 fields (project_id;cost;votes), found 2\n');
    const rule = runTallyCli(['odd.pb'], () => text.replace('rule;greedy', 'rule;sequential-phragmen').replace('2;60', '2;60;1'));
    assert.equal(rule.code, 2);
    assert.match(rule.stderr, /rule "sequential-phragmen" is not one we count; choose one with --rule/);
  });
});

describe('reading Pabulib files', () => {
  const base = [
    'META',
    'key;value',
    'budget;100.5',
    'vote_type;approval',
    'PROJECTS',
    'project_id;cost;name',
    '1;50;Парк',
    '2;40.25;"Сквер; ""Зелений"""',
    'VOTES',
    'voter_id;vote',
    'v1;1,2',
    'v2;2',
  ];

  test('CRLF, LF, a byte-order mark and quoted fields read the same', () => {
    const lf = parsePabulib(base.join('\n'));
    const crlf = parsePabulib(`\uFEFF${base.join('\r\n')}\r\n`);
    assert.deepEqual(crlf, lf);
    assert.equal(lf.projects[1]!.fields['name'], 'Сквер; "Зелений"');
    // Amounts are exact decimals scaled to the smallest unit present: 100.5 and 40.25 → hundredths.
    assert.equal(lf.scale, 100n);
    assert.equal(lf.budget, 10050n);
    assert.deepEqual(
      lf.projects.map((p) => p.cost),
      [5000n, 4025n],
    );
    const e = pabulibElection(lf);
    assert.deepEqual(
      e.projects.map((p) => p.votes),
      [1n, 2n],
    );
  });

  test('a quoted field may span lines, and line numbers stay right after it', () => {
    const text = [...base.slice(0, 7), '2;40;"два', 'рядки"', ...base.slice(8, 11), 'v2;3'].join('\n');
    assert.throws(
      () => parsePabulib(text),
      (e: unknown) => e instanceof PabulibError && e.line === 13 && /unknown project "3"/.test(e.message),
    );
  });

  test('votes come from the VOTES section, not the PROJECTS votes column', () => {
    const text = [
      'META',
      'key;value',
      'budget;10',
      'PROJECTS',
      'project_id;cost;votes',
      'a;5;999',
      'b;5;1',
      'VOTES',
      'voter_id;vote',
      '1;b',
      '2;b',
      '3;a',
    ].join('\n');
    const e = pabulibElection(parsePabulib(text));
    assert.deepEqual(
      e.projects.map((p) => [p.id, p.votes]),
      [
        ['a', 1n],
        ['b', 2n],
      ],
    );
  });

  test('cumulative points are summed; a project twice on an approval ballot counts once, with a warning', () => {
    const mirow = fixture('Poland_Czestochowa_2024_Mirow.pb');
    assert.equal(mirow.voteType, 'cumulative');
    // Mirów's PROJECTS section says project 795 scored 1547 points; the ballots agree.
    assert.equal(pabulibElection(mirow).projects.find((p) => p.id === '795')!.votes, 1547n);
    const blonia = fixture('Poland_Warszawa_2026_Blonia_Wilanowskie.pb');
    assert.deepEqual(blonia.warnings, [{ line: 268, message: 'project 1481 is listed twice on this ballot; counted once' }]);
    assert.deepEqual(blonia.voters.find((v) => v.line === 268)!.projects, ['1481', '1977', '674', '2021']);
    const out = runTallyCli([`${FIXTURES}Poland_Warszawa_2026_Blonia_Wilanowskie.pb`]);
    assert.match(out.stderr, /Blonia_Wilanowskie\.pb:268: warning: project 1481 is listed twice on this ballot; counted once\n$/);
  });

  const broken: [string, string[], number, RegExp][] = [
    ['no META first', ['PROJECTS', 'project_id;cost'], 1, /must start with a META section/],
    ['a missing section', ['META', 'key;value', 'budget;1', 'PROJECTS', 'project_id;cost'], 0, /VOTES section is missing/],
    ['a cost that is not a number', [...base.slice(0, 6), '1;5O;Парк', ...base.slice(7)], 7, /cost of project 1 must be a non-negative number/],
    ['an unclosed quote', [...base.slice(0, 7), '2;40;"Сквер', ...base.slice(8)], 8, /quoted field is never closed/],
    ['a duplicate project', [...base.slice(0, 7), '1;40;Сквер', ...base.slice(8)], 8, /project 1 appears twice/],
    ['a wrong count', [...base.slice(0, 3), 'num_votes;3', ...base.slice(3)], 4, /num_votes says 3 but VOTES has 2/],
    [
      'points that do not match',
      ['META', 'key;value', 'budget;1', 'vote_type;cumulative', 'PROJECTS', 'project_id;cost', 'a;1', 'VOTES', 'voter_id;vote;points', 'x;a;1,2'],
      10,
      /1 projects but 2 points/,
    ],
    [
      'an unsupported ballot',
      ['META', 'key;value', 'budget;1', 'vote_type;ordinal', 'PROJECTS', 'project_id;cost', 'VOTES', 'voter_id;vote'],
      4,
      /vote_type "ordinal" is not supported/,
    ],
  ];
  for (const [what, lines, line, message] of broken) {
    test(`refuses ${what} at line ${line}`, () => {
      assert.throws(
        () => parsePabulib(lines.join('\n')),
        (e: unknown) => e instanceof PabulibError && e.line === line && message.test(e.message),
      );
    });
  }
});

describe('writing Pabulib files', () => {
  const data: PabulibExport = {
    meta: { description: 'Громадський бюджет; категорія «Малі»', country: 'Ukraine', unit: 'Біла Церква', instance: '2027', rule: 'greedy', currency: 'UAH' },
    voteType: 'cumulative',
    budget: 100_000_050n,
    scale: 100n,
    projects: [
      { id: 'P-1', cost: 50_000_000n, name: 'Сквер "Зелений"; лавки', selected: true, columns: { category: 'малі' } },
      { id: 'P-2', cost: 40_000_025n, name: 'Два\nрядки', selected: false },
    ],
    voters: [
      { projects: ['P-2', 'P-1'], points: [3n, 7n], age: 34, votingMethod: 'internet' },
      { projects: ['P-1'], points: [10n], age: 16, votingMethod: 'paper', columns: { sex: 'F' } },
      { projects: [], points: [], votingMethod: 'terminal' },
    ],
  };

  test('round trip: what we write reads back the same', () => {
    const text = writePabulib(data);
    const back = parsePabulib(text);
    assert.equal(back.scale, 100n);
    assert.equal(back.budget, 100_000_050n);
    assert.equal(back.meta['budget'], '1000000.50');
    assert.equal(back.meta['description'], data.meta!['description']);
    assert.equal(back.meta['num_votes'], '3');
    assert.deepEqual(
      back.projects.map((p) => [p.id, p.cost, p.fields['name'], p.fields['selected'], p.fields['category']]),
      [
        ['P-1', 50_000_000n, 'Сквер "Зелений"; лавки', '1', 'малі'],
        ['P-2', 40_000_025n, 'Два\nрядки', '0', ''],
      ],
    );
    // PROJECTS carries the counts computed from the ballots: votes, and score for cumulative ballots.
    assert.deepEqual(
      back.projects.map((p) => [p.fields['votes'], p.fields['score']]),
      [
        ['2', '17'],
        ['1', '3'],
      ],
    );
    const voters = back.voters.map((v) => ({
      projects: v.projects,
      points: v.points,
      age: v.fields['age'],
      method: v.fields['voting_method'],
      sex: v.fields['sex'],
    }));
    assert.deepEqual(
      sorted(voters.map((v) => JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)))),
      sorted(
        data.voters.map((v) =>
          JSON.stringify(
            { projects: v.projects, points: v.points, age: v.age === undefined ? '' : String(v.age), method: v.votingMethod, sex: v.columns?.['sex'] ?? '' },
            (_, x: unknown) => (typeof x === 'bigint' ? x.toString() : x),
          ),
        ),
      ),
    );
  });

  test('voter ids are anonymised: numbered 1..n whatever order the ballots came in', () => {
    const text = writePabulib(data);
    assert.equal(writePabulib({ ...data, voters: [...data.voters].reverse() }), text);
    assert.deepEqual(
      parsePabulib(text).voters.map((v) => v.id),
      ['1', '2', '3'],
    );
  });

  test('a real election survives export and import with the same winners', () => {
    for (const name of ['Poland_Wieliczka_2023_Green_Budget.pb', 'Poland_Czestochowa_2024_Mirow.pb']) {
      const file = fixture(name);
      const exported = writePabulib({
        meta: { rule: file.meta['rule']! },
        voteType: file.voteType === 'cumulative' ? 'cumulative' : 'approval',
        budget: file.budget,
        scale: file.scale,
        projects: file.projects.map((p) => ({ id: p.id, cost: p.cost })),
        voters: file.voters.map((v) => ({
          projects: v.projects,
          ...(v.points ? { points: v.points } : {}),
          ...(v.fields['age'] ? { age: Number(v.fields['age']) } : {}),
        })),
      });
      assert.deepEqual(sorted(tallyPabulib(parsePabulib(exported)).winners), sorted(expected[name]!.winners), name);
    }
  });
});
