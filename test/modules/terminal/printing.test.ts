/**
 * Tickets on a thermal printer: the ESC/POS bytes `ticketEscPos` renders, written to a virtual printer
 * that records them, checked byte by byte for the code page the printer is set to (PC866 or WPC1251).
 * Also the pure rules of the terminals.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TicketPage, ticketEscPos, type KioskTicket } from '../../../src/modules/terminal/index.js';
import { forCodepage } from '../../../src/modules/terminal/printer/escpos.js';
import { DEVICE_KEY_RE, idleSeconds, isOnline, paperOf } from '../../../src/modules/terminal/rules.js';

/** A printer that keeps what it is sent, as a USB or network ESC/POS printer would receive it. */
class VirtualPrinter {
  readonly received: number[] = [];
  write(data: Uint8Array): void {
    this.received.push(...data);
  }
  /** Where `seq` first occurs in what was received, or -1. */
  indexOf(seq: number[]): number {
    for (let i = 0; i + seq.length <= this.received.length; i++) if (seq.every((b, j) => this.received[i + j] === b)) return i;
    return -1;
  }
}

const ticket: KioskTicket = {
  number: 'А-017',
  service: 'Оформлення паспорта громадянина України',
  office: 'ЦНАП на Сихові, вікно і',
  issuedAt: new Date('2026-12-07T08:05:00Z'),
  waitingAhead: 3,
};
const ESC = 0x1b;
const GS = 0x1d;

describe('ticket printing (ESC/POS)', () => {
  test('PC866: «Талон» goes out as ESC t 17 and then 92 A0 AB AE AD', () => {
    const printer = new VirtualPrinter();
    printer.write(ticketEscPos(ticket, 'cp866'));
    assert.deepEqual(printer.received.slice(0, 2), [ESC, 0x40], 'starts with ESC @ (initialise)');
    assert.ok(printer.indexOf([ESC, 0x74, 17, 0x92, 0xa0, 0xab, 0xae, 0xad]) >= 0, 'ESC t 17 then «Талон» in PC866');
    // The number «А-017» in double size: GS ! 0x11, then А (0x80) - 0 1 7.
    assert.ok(printer.indexOf([GS, 0x21, 0x11, 0x80, 0x2d, 0x30, 0x31, 0x37]) >= 0, 'the number, double size');
    // «і», which PC866 lacks, is the Latin «i» (0x69): «вікно і» = 0xA2 0x69 0xAA 0xAD 0xAE 0x20 0x69.
    assert.ok(printer.indexOf([0xa2, 0x69, 0xaa, 0xad, 0xae, 0x20, 0x69]) >= 0, '«вікно і» with Latin i');
    assert.ok(printer.indexOf([0x3f]) === -1, 'no «?» for a character the code page lacks');
    assert.deepEqual(printer.received.slice(-5, -2), [GS, 0x56, 0x01], 'ends with a partial cut');
  });

  test('WPC1251: «Талон» goes out as ESC t 46 and then D2 E0 EB EE ED, with «і» as B3', () => {
    const printer = new VirtualPrinter();
    printer.write(ticketEscPos(ticket, 'windows1251'));
    assert.ok(printer.indexOf([ESC, 0x74, 46, 0xd2, 0xe0, 0xeb, 0xee, 0xed]) >= 0, 'ESC t 46 then «Талон» in WPC1251');
    assert.ok(printer.indexOf([0xe2, 0xb3, 0xea, 0xed, 0xee, 0x20, 0xb3]) >= 0, '«вікно і» with Cyrillic і (B3)');
    assert.ok(printer.indexOf([0x3f]) === -1);
  });

  test('the stand-ins for letters a code page lacks', () => {
    assert.equal(forCodepage('Ґанок, пʼять, «і»', 'cp866'), 'Ганок, п\'ять, "i"');
    assert.equal(forCodepage('Ґанок, пʼять', 'windows1251'), 'Ґанок, п’ять');
  });
});

describe('terminal rules', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  test('online means a heartbeat in the last two minutes', () => {
    assert.equal(isOnline(null, now), false);
    assert.equal(isOnline(new Date(now.getTime() - 119_000), now), true);
    assert.equal(isOnline(new Date(now.getTime() - 120_000), now), false);
  });
  test('paper statuses, device keys and the idle time', () => {
    assert.equal(paperOf('low'), 'low');
    assert.equal(paperOf('empty'), null);
    assert.equal(paperOf(3), null);
    assert.ok(DEVICE_KEY_RE.test(`vkt_0123abcd_${'a'.repeat(32)}`));
    assert.ok(!DEVICE_KEY_RE.test(`vbc_0123abcd_${'a'.repeat(32)}`));
    assert.equal(idleSeconds(undefined), 60);
    assert.equal(idleSeconds(5), 5);
    assert.equal(idleSeconds(0), 60);
    assert.equal(idleSeconds(Number.NaN), 60);
  });
});

describe('the printable ticket page', () => {
  test('shows the ticket’s lines, escaped, with a print button for the script and no sample mark', async () => {
    const html = await TicketPage({
      p: {
        lang: 'uk',
        viewer: null,
        csrfToken: 'x',
        path: '/',
        community: null,
        nav: [],
        switcher: [],
        demo: false,
        publicUrl: 'http://localhost',
        canManage: false,
      },
      ticket: { ...ticket, service: 'Послуга <b>з</b> тегом' },
      back: '/lviv/kiosk',
    });
    assert.match(html, /<p class="ticket-number">А-017<\/p>/);
    assert.match(html, /Послуга &lt;b>з&lt;\/b> тегом|Послуга &lt;b&gt;з&lt;\/b&gt; тегом/);
    assert.match(html, /Перед вами в черзі: 3/);
    assert.match(html, /Видано: 07\.12\.2026 10:05/);
    assert.match(html, /data-print/);
    assert.ok(!html.includes('ЗРАЗОК'));
  });
});
