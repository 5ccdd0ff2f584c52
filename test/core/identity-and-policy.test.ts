import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRnokpp, rnokppBirthDate, rnokppCheckDigit, rnokppProblem } from '../../src/core/identity/rnokpp.js';
import { identityKey } from '../../src/core/identity/identity-key.js';
import { isWithinTerritory, type Community } from '../../src/core/communities/community.js';
import { participationRefusal, isToolModerator, isCommunityModerator, isSchoolModerator, isExecutor } from '../../src/core/permissions/policy.js';
import { ageOn, type Viewer } from '../../src/core/users/viewer.js';
import { plural, pluralForm, searchFold } from '../../src/core/i18n/index.js';

describe('РНОКПП', () => {
  test('check digit by the official weights', () => {
    // 1·(-1)+2·5+3·7+4·9+5·4+6·6+7·10+8·5+9·7 = 295; 295 mod 11 = 9 → 9
    assert.equal(rnokppCheckDigit('123456789'), 9);
    assert.equal(rnokppProblem('1234567899'), null);
    assert.equal(rnokppProblem('1234567890'), 'checksum');
    assert.equal(rnokppProblem('12345'), 'format');
    assert.equal(rnokppProblem('12345678a9'), 'format');
  });
  test('the birth date is the day count from 31.12.1899', () => {
    assert.equal(rnokppBirthDate('0000100000'), '1900-01-01');
    const r = makeRnokpp('2011-06-01', 1234);
    assert.equal(rnokppBirthDate(r), '2011-06-01');
    assert.equal(rnokppProblem(r), null);
  });
  test('identity keys are stable per secret and differ between secrets', () => {
    assert.equal(identityKey('s1', '1234567899'), identityKey('s1', '1234567899'));
    assert.notEqual(identityKey('s1', '1234567899'), identityKey('s2', '1234567899'));
    assert.notEqual(identityKey('s1', '1234567899'), identityKey('s1', '3184912077'));
    assert.doesNotMatch(identityKey('s1', '1234567899'), /1234567899/);
  });
});

const lviv: Community = {
  id: 1,
  slug: 'lviv',
  name: { uk: 'Л', en: 'L' },
  oblast: { uk: '', en: '' },
  raion: { uk: '', en: '' },
  territorialCodes: ['UA46060250000025047'],
  population: 1,
  coatOfArmsUrl: null,
  contacts: {},
  enabledTools: ['petitions'],
  signInPolicy: 'idgovua',
  status: 'connected',
  settings: {},
};

function viewer(over: Partial<Viewer> = {}): Viewer {
  return {
    id: 7,
    lastName: 'К',
    firstName: 'О',
    patronymic: '',
    level: 'idgovua',
    email: null,
    phone: null,
    birthDate: '1990-05-05',
    territorialCode: 'UA46060250010025047',
    lang: 'uk',
    notifyEmail: true,
    createdAt: new Date(),
    roles: [],
    ...over,
  };
}

describe('residency, age and the policy', () => {
  test('a settlement is in the community when oblast, raion and community codes agree', () => {
    assert.equal(isWithinTerritory('UA46060250010025047', lviv.territorialCodes), true);
    assert.equal(isWithinTerritory('UA46060270010025047', lviv.territorialCodes), false);
    assert.equal(isWithinTerritory('UA51100270010078103', lviv.territorialCodes), false);
    assert.equal(isWithinTerritory(null, lviv.territorialCodes), false);
    assert.equal(isWithinTerritory('garbage', lviv.territorialCodes), false);
  });
  test('age counts whole years, the birthday itself included', () => {
    assert.equal(ageOn('2011-06-01', '2026-05-31'), 14);
    assert.equal(ageOn('2011-06-01', '2026-06-01'), 15);
    assert.equal(ageOn('2008-02-29', '2026-02-28'), 17);
    assert.equal(ageOn('2008-02-29', '2026-03-01'), 18);
  });
  test('participation refusals, in order of what to fix first', () => {
    const rules = { allowEmail: false, residentsOnly: true, minAge: 16 };
    const ctx = { blocked: false, todayKyiv: '2026-11-27' };
    assert.equal(participationRefusal(null, lviv, rules, ctx), 'signed-out');
    assert.equal(participationRefusal(viewer(), { ...lviv, status: 'suspended' }, rules, ctx), 'suspended');
    assert.equal(participationRefusal(viewer(), lviv, rules, { ...ctx, blocked: true }), 'blocked');
    assert.equal(participationRefusal(viewer({ level: 'email' }), lviv, rules, ctx), 'weak-sign-in');
    assert.equal(
      participationRefusal(
        viewer({ level: 'email' }),
        { ...lviv, signInPolicy: 'idgovua_or_email' },
        { ...rules, allowEmail: true, residentsOnly: false, minAge: null },
        ctx,
      ),
      null,
    );
    assert.equal(participationRefusal(viewer({ territorialCode: 'UA51100270010078103' }), lviv, rules, ctx), 'not-resident');
    assert.equal(participationRefusal(viewer({ birthDate: '2011-06-01' }), lviv, rules, ctx), 'too-young');
    assert.equal(participationRefusal(viewer({ birthDate: null }), lviv, rules, ctx), 'no-birth-date');
    assert.equal(participationRefusal(viewer(), lviv, rules, ctx), null);
  });
  test('roles are scoped to their community, tool, school and department', () => {
    const mod = viewer({ roles: [{ role: 'moderator', communityId: 1, tool: 'petitions', scope: null }] });
    assert.equal(isToolModerator(mod, 1, 'petitions'), true);
    assert.equal(isToolModerator(mod, 1, 'budgets'), false);
    assert.equal(isToolModerator(mod, 2, 'petitions'), false);
    assert.equal(isCommunityModerator(mod, 1), true);
    assert.equal(isCommunityModerator(mod, 2), false);
    const national = viewer({ roles: [{ role: 'national_moderator', communityId: null, tool: null, scope: null }] });
    assert.equal(isToolModerator(national, 99, 'open-city'), true);
    const school = viewer({ roles: [{ role: 'school_moderator', communityId: 1, tool: 'school-budget', scope: 'lyceum-1' }] });
    assert.equal(isSchoolModerator(school, 1, 'lyceum-1'), true);
    assert.equal(isSchoolModerator(school, 1, 'gymnasium-2'), false);
    assert.equal(isCommunityModerator(school, 1), false);
    const exec = viewer({ roles: [{ role: 'executor', communityId: 1, tool: 'open-city', scope: 'roads' }] });
    assert.equal(isExecutor(exec, 1, 'roads'), true);
    assert.equal(isExecutor(exec, 1, 'lighting'), false);
    assert.equal(isExecutor(null, 1, 'roads'), false);
  });
});

describe('Ukrainian plural forms and search folding', () => {
  test('one / few / many', () => {
    const cases: [number, string][] = [
      [1, 'one'],
      [2, 'few'],
      [4, 'few'],
      [5, 'many'],
      [11, 'many'],
      [12, 'many'],
      [14, 'many'],
      [21, 'one'],
      [22, 'few'],
      [25, 'many'],
      [111, 'many'],
      [101, 'one'],
      [0, 'many'],
    ];
    for (const [n, form] of cases) assert.equal(pluralForm(n, 'uk'), form, String(n));
    assert.equal(plural(3, { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] }, 'uk'), '3 підписи');
    assert.equal(plural(1, { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] }, 'en'), '1 signature');
    assert.equal(plural(10000, { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] }, 'uk').replace(/\s/g, ' '), '10 000 підписів');
  });
  test('search folds case and apostrophes', () => {
    assert.equal(searchFold('  Камʼянець '), searchFold("кам'янець"));
    assert.equal(searchFold('ЇЖАК Ґанок'), 'їжак ґанок');
  });
});
