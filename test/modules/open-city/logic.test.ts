/** Unit tests of Open City's rules: routing transitions, deadlines, distances, territory, attributes, photos. */
import { parseCoordinates } from '../../../src/core/maps/coordinates.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {
  allowedTransitions,
  answerDeadline,
  boundingBox,
  canReporterRespond,
  canTransition,
  distanceMeters,
  isOverdue,
  median,
  open311Status,
  pointInPolygon,
  STATUSES,
  transitionRequirements,
  validateAttributes,
  type ServiceAttribute,
  categoryTree,
  leafCategories,
  DEFAULT_CATEGORIES,
  DEMO_TERRITORIES,
} from '../../../src/modules/open-city/rules.js';
import type { Category } from '../../../src/modules/open-city/repository.js';
import { PhotoError, processPhoto } from '../../../src/modules/open-city/photos.js';
import { formatKyivDateTime } from '../../../src/core/calendar/index.js';

const peace = { martialLaw: false };
const war = { martialLaw: true };

describe('answer deadlines (law on appeals: 15 / 30 / 45 calendar days)', () => {
  test('the day of receipt does not count; the term ends at the end of its last Kyiv day', () => {
    // Received Monday 3 March 2025, 10:00 Kyiv. 15 days → Tuesday 18 March, 23:59:59.999 Kyiv.
    const received = new Date('2025-03-03T08:00:00Z');
    assert.equal(formatKyivDateTime(answerDeadline(received, 15, war), 'en'), formatKyivDateTime(new Date('2025-03-18T21:59:59.999Z'), 'en'));
    assert.equal(answerDeadline(received, 15, war).toISOString(), '2025-03-18T21:59:59.999Z');
    assert.equal(answerDeadline(received, 30, war).toISOString(), '2025-04-02T20:59:59.999Z'); // DST began 30 March
    assert.equal(answerDeadline(received, 45, war).toISOString(), '2025-04-17T20:59:59.999Z');
  });

  test('a term ending on a day off moves to the next working day', () => {
    // Received Thursday 6 March 2025: +30 days = Saturday 5 April → Monday 7 April.
    assert.equal(answerDeadline(new Date('2025-03-06T09:00:00Z'), 30, war).toISOString(), '2025-04-07T20:59:59.999Z');
    // Peacetime: 1 January 2025 + 15 = 16 January (Thursday) stays.
    assert.equal(answerDeadline(new Date('2025-01-01T09:00:00Z'), 15, peace).toISOString(), '2025-01-16T21:59:59.999Z');
  });

  test('a term that is not 15, 30 or 45 falls back to the default of 30', () => {
    const received = new Date('2025-03-03T08:00:00Z');
    assert.equal(answerDeadline(received, 7, war).toISOString(), answerDeadline(received, 30, war).toISOString());
  });

  test('overdue only while the department still owes an answer', () => {
    const deadline = new Date('2025-03-18T21:59:59.999Z');
    const after = new Date('2025-03-18T22:00:00Z');
    assert.equal(isOverdue('accepted', deadline, after), true);
    assert.equal(isOverdue('in_progress', deadline, after), true);
    assert.equal(isOverdue('in_progress', deadline, deadline), false);
    assert.equal(isOverdue('resolved', deadline, after), false);
    assert.equal(isOverdue('rejected', deadline, after), false);
  });
});

describe('statuses and routing', () => {
  test('moderators triage new reports; executors cannot touch them', () => {
    assert.deepEqual([...allowedTransitions('moderator', 'new')], ['accepted', 'rejected', 'duplicate', 'not_competent']);
    assert.deepEqual([...allowedTransitions('executor', 'new')], []);
    assert.equal(canTransition('executor', 'accepted', 'in_progress'), true);
    assert.equal(canTransition('executor', 'in_progress', 'resolved'), true);
    assert.equal(canTransition('executor', 'in_progress', 'rejected'), false);
    assert.equal(canTransition('executor', 'resolved', 'in_progress'), false);
    assert.equal(canTransition('moderator', 'resolved', 'in_progress'), true);
  });

  test('every status change that closes a report says why', () => {
    assert.deepEqual(transitionRequirements('resolved'), { answer: true, duplicateOf: false, forwardedTo: false });
    assert.deepEqual(transitionRequirements('not_resolved'), { answer: true, duplicateOf: false, forwardedTo: false });
    assert.deepEqual(transitionRequirements('duplicate'), { answer: false, duplicateOf: true, forwardedTo: false });
    assert.deepEqual(transitionRequirements('not_competent'), { answer: false, duplicateOf: false, forwardedTo: true });
    assert.deepEqual(transitionRequirements('in_progress'), { answer: false, duplicateOf: false, forwardedTo: false });
  });

  test('Open311 sees open and closed', () => {
    assert.deepEqual(
      STATUSES.map((s) => [s, open311Status(s)]),
      [
        ['new', 'open'],
        ['accepted', 'open'],
        ['in_progress', 'open'],
        ['resolved', 'closed'],
        ['not_resolved', 'closed'],
        ['rejected', 'closed'],
        ['duplicate', 'closed'],
        ['not_competent', 'closed'],
      ],
    );
  });

  test('the reporter may confirm or reopen for 14 days after «Вирішено», once', () => {
    const resolved = new Date('2025-05-01T10:00:00Z');
    assert.equal(canReporterRespond('resolved', resolved, null, new Date('2025-05-15T10:00:00Z')), true);
    assert.equal(canReporterRespond('resolved', resolved, null, new Date('2025-05-15T10:00:01Z')), false);
    assert.equal(canReporterRespond('resolved', resolved, new Date('2025-05-02T10:00:00Z'), new Date('2025-05-03T10:00:00Z')), false);
    assert.equal(canReporterRespond('in_progress', resolved, null, new Date('2025-05-02T10:00:00Z')), false);
  });

  test('the default tree: six groups, each leaf routed to a department with a lawful term', () => {
    assert.deepEqual(
      DEFAULT_CATEGORIES.map((c) => c.name.uk),
      ['Дороги', 'Освітлення', 'Сміття', 'Благоустрій', 'Транспорт', 'Вода'],
    );
    assert.equal(DEFAULT_CATEGORIES.find((c) => c.code === 'roads')!.children!.find((c) => c.code === 'roads-pothole')!.name.uk, 'Яма на дорозі');
    for (const g of DEFAULT_CATEGORIES) for (const c of g.children ?? []) assert.ok([15, 30, 45].includes(c.term), c.code);
    const cat = (id: number, parentId: number | null): Category => ({
      id,
      communityId: 1,
      parentId,
      code: `c${id}`,
      name: { uk: `${id}`, en: `${id}` },
      description: '',
      departmentId: 1,
      termDays: 30,
      attributes: [],
      keywords: '',
    });
    const all = [cat(1, null), cat(2, 1), cat(3, 1), cat(4, null)];
    assert.deepEqual(
      categoryTree(all).map((n) => [n.group.id, n.children.map((c) => c.id)]),
      [
        [1, [2, 3]],
        [4, []],
      ],
    );
    assert.deepEqual(
      leafCategories(all).map((c) => c.id),
      [2, 3, 4],
    );
  });
});

describe('duplicate distance and territory', () => {
  const rynok = { lat: 49.8419, lng: 24.0315 };

  test('haversine distance at city scale', () => {
    // 0.001° of latitude ≈ 111.2 m everywhere.
    assert.equal(Math.round(distanceMeters(rynok, { lat: rynok.lat + 0.001, lng: rynok.lng })), 111);
    // 0.002° of longitude at 49.84° ≈ 143.4 m: inside 150 m; 0.0022° ≈ 157.9 m: outside.
    assert.equal(Math.round(distanceMeters(rynok, { lat: rynok.lat, lng: rynok.lng + 0.002 })), 143);
    assert.ok(distanceMeters(rynok, { lat: rynok.lat, lng: rynok.lng + 0.0022 }) > 150);
    assert.equal(distanceMeters(rynok, rynok), 0);
  });

  test('the bounding box pre-filter contains the whole circle', () => {
    const box = boundingBox(rynok, 150);
    for (let a = 0; a < 360; a += 15) {
      const r = (a * Math.PI) / 180;
      const p = { lat: rynok.lat + (Math.cos(r) * 149) / 111_320, lng: rynok.lng + (Math.sin(r) * 149) / (111_320 * Math.cos((rynok.lat * Math.PI) / 180)) };
      assert.ok(distanceMeters(rynok, p) <= 150.5);
      assert.ok(p.lat >= box.minLat && p.lat <= box.maxLat && p.lng >= box.minLng && p.lng <= box.maxLng, `angle ${a}`);
    }
  });

  test('a point in Lviv is in Lviv and not in Bila Tserkva; Kyiv is in none', () => {
    assert.equal(pointInPolygon(rynok, DEMO_TERRITORIES.lviv!.polygon), true);
    assert.equal(pointInPolygon(rynok, DEMO_TERRITORIES['bila-tserkva']!.polygon), false);
    assert.equal(pointInPolygon({ lat: 49.7968, lng: 30.1311 }, DEMO_TERRITORIES['bila-tserkva']!.polygon), true);
    const kyiv = { lat: 50.45, lng: 30.52 };
    assert.ok(Object.values(DEMO_TERRITORIES).every((t) => !pointInPolygon(kyiv, t.polygon)));
    assert.equal(
      pointInPolygon(rynok, [
        [49, 24],
        [50, 24],
      ]),
      false,
    );
  });

  test('coordinates as people type them', () => {
    assert.deepEqual(parseCoordinates('', ''), { ok: true, point: null });
    assert.deepEqual(parseCoordinates('49,8419', ' 24.0315 '), { ok: true, point: { lat: 49.8419, lng: 24.0315 } });
    assert.deepEqual(parseCoordinates('91', '24'), { ok: false, field: 'lat' });
    assert.deepEqual(parseCoordinates('49.84', ''), { ok: false, field: 'lng' });
    assert.deepEqual(parseCoordinates('', '24'), { ok: false, field: 'lat' });
    assert.deepEqual(parseCoordinates('49.84', 'east'), { ok: false, field: 'lng' });
    assert.deepEqual(parseCoordinates('1e2', '24'), { ok: false, field: 'lat' });
  });
});

describe('Open311 attributes and statistics helpers', () => {
  const defs: ServiceAttribute[] = [
    {
      code: 'size',
      datatype: 'singlevaluelist',
      required: true,
      description: '',
      datatype_description: '',
      order: 1,
      values: [
        { key: 'small', name: 'S' },
        { key: 'large', name: 'L' },
      ],
    },
    { code: 'depth', datatype: 'number', required: false, description: '', datatype_description: '', order: 2 },
  ];

  test('attribute[code] values are checked against the service definition', () => {
    assert.deepEqual(validateAttributes(defs, { size: ['large'], depth: ['12.5'] }), { ok: true, values: { size: 'large', depth: '12.5' } });
    assert.deepEqual(validateAttributes(defs, {}), { ok: false, message: 'attribute[size] is required' });
    assert.deepEqual(validateAttributes(defs, { size: ['huge'] }), { ok: false, message: 'attribute[size] has a value not in its list' });
    assert.deepEqual(validateAttributes(defs, { size: ['small', 'large'] }), { ok: false, message: 'attribute[size] takes one value' });
    assert.deepEqual(validateAttributes(defs, { size: ['small'], depth: ['deep'] }), { ok: false, message: 'attribute[depth] must be a number' });
  });

  test('median', () => {
    assert.equal(median([]), null);
    assert.equal(median([5]), 5);
    assert.equal(median([9, 1, 4]), 4);
    assert.equal(median([1, 2, 3, 10]), 2.5);
  });
});

describe('photos: resized, turned upright, EXIF and GPS removed', () => {
  test('a phone photo with a GPS position loses every trace of it', async () => {
    const input = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#884422' } })
      .withExif({
        IFD0: { Make: 'PhoneMaker', Model: 'SecretPhone 9' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '49/1 50/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '24/1 1/1 50/1' },
      })
      .jpeg()
      .toBuffer();
    const before = await sharp(input).metadata();
    assert.ok(before.exif && before.exif.length > 50, 'the test input carries EXIF');
    // The GPS IFD pointer tag 0x8825 is there (either byte order).
    assert.ok(before.exif.includes(Buffer.from([0x25, 0x88])) || before.exif.includes(Buffer.from([0x88, 0x25])));
    assert.ok(input.includes(Buffer.from('SecretPhone')));

    const out = await processPhoto(input);
    const after = await sharp(out.data).metadata();
    assert.equal(after.exif, undefined);
    assert.equal(after.xmp, undefined);
    assert.equal(after.iptc, undefined);
    assert.equal(out.data.includes(Buffer.from('SecretPhone')), false);
    assert.equal(out.data.includes(Buffer.from('Exif')), false);
    assert.equal(after.format, 'jpeg');
    assert.deepEqual([out.width, out.height, after.width, after.height], [1600, 1067, 1600, 1067]);
    const thumb = await sharp(out.thumb).metadata();
    assert.deepEqual([thumb.width, thumb.height, thumb.exif], [320, 213, undefined]);
  });

  test('the EXIF orientation is applied before it is dropped', async () => {
    const input = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#224488' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    assert.equal((await sharp(input).metadata()).orientation, 6);
    const out = await processPhoto(input);
    assert.deepEqual([out.width, out.height], [200, 400]);
    assert.equal((await sharp(out.data).metadata()).orientation, undefined);
  });

  test('not an image, empty, or too large: a typed refusal', async () => {
    await assert.rejects(processPhoto(Buffer.from('%PDF-1.4 not a picture')), (e: unknown) => e instanceof PhotoError && e.reason === 'not-image');
    await assert.rejects(processPhoto(Buffer.alloc(0)), (e: unknown) => e instanceof PhotoError && e.reason === 'empty');
    await assert.rejects(processPhoto(Buffer.alloc(10 * 1024 * 1024 + 1)), (e: unknown) => e instanceof PhotoError && e.reason === 'too-large');
    const svgWithScript = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    await assert.rejects(processPhoto(svgWithScript), (e: unknown) => e instanceof PhotoError && e.reason === 'not-image');
  });
});
