/**
 * The ticket as ESC/POS bytes for a thermal printer, through @point-of-sale/receipt-printer-encoder.
 * Cyrillic goes out in the code page the printer is set to: PC866 (ESC t 17) or WPC1251 (ESC t 46).
 * PC866 has no «і», «ґ» or «ʼ»: they are printed as their usual stand-ins (Latin «i», «г», «'»), which
 * is what Ukrainian receipts on PC866 printers do; WPC1251 has them all but «ʼ».
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { Codepage } from '../rules.js';

/** A ticket as the queue issues it; the terminal only prints it. */
export interface KioskTicket {
  /** The ticket's number as called in the hall, e.g. «А-017». */
  number: string;
  service: string;
  office: string;
  issuedAt: Date;
  /** People waiting before this ticket when it was issued. */
  waitingAhead: number;
}

const CP866_STANDINS: Record<string, string> = { і: 'i', І: 'I', ґ: 'г', Ґ: 'Г', ʼ: "'", '’': "'", '«': '"', '»': '"', '—': '-', '–': '-', '№': 'N' };
const CP1251_STANDINS: Record<string, string> = { ʼ: '’' };

/** The text with the letters the code page lacks replaced by their stand-ins. */
export function forCodepage(text: string, codepage: Codepage): string {
  const map = codepage === 'cp866' ? CP866_STANDINS : CP1251_STANDINS;
  return [...text].map((ch) => map[ch] ?? ch).join('');
}

function kyivTime(d: Date): string {
  return new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' })
    .format(d)
    .replace(',', '');
}

/** The lines of a ticket, shared by the printer and the printable page. */
export function ticketLines(t: KioskTicket): { title: string; number: string; lines: string[] } {
  return {
    title: 'Талон',
    number: t.number,
    lines: [t.service, t.office, `Видано: ${kyivTime(t.issuedAt)}`, `Перед вами в черзі: ${t.waitingAhead}`, 'Чекайте на виклик на табло.'],
  };
}

/** The bytes to send to the printer: initialise, select the code page, the ticket, feed and cut. */
export function ticketEscPos(t: KioskTicket, codepage: Codepage, columns = 42): Uint8Array {
  const l = ticketLines(t);
  const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns, codepageMapping: 'epson' });
  const text = (s: string) => forCodepage(s, codepage);
  e.initialize().codepage(codepage).align('center').bold(true).line(text(l.title)).bold(false);
  e.size(2, 2).line(text(l.number)).size(1, 1);
  for (const line of l.lines) e.line(text(line));
  return e.newline().cut('partial').encode();
}
