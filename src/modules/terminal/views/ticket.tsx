/** The printable ticket: a page sized for an 80 mm roll, the fallback where the terminal has no ESC/POS printer. */
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ticketLines, type KioskTicket } from '../printer/escpos.js';

/** A ticket to set up the printer with, marked as a sample everywhere it is shown. */
export function sampleTicket(office: string, now: Date): KioskTicket {
  return { number: 'А-000', service: 'Зразок талона — не для черги', office, issuedAt: now, waitingAhead: 0 };
}

export function TicketPage(props: { p: PageCtx; ticket: KioskTicket; sample?: boolean; back: string }): JSX.Element {
  const { p } = props;
  const l = ticketLines(props.ticket);
  const title = props.sample ? tr(p, 'Зразок талона', 'Sample ticket') : `${l.title} ${l.number}`;
  return (
    <>
      {'<!doctype html>'}
      <html lang="uk">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{title}</title>
          <link rel="stylesheet" href="/static/kiosk.css" />
          <script src="/static/kiosk.js" defer></script>
        </head>
        <body class="ticket-page">
          <main id="main">
            <h1 class="visually-hidden" safe>
              {title}
            </h1>
            <article class="ticket" aria-label={tr(p, 'Талон', 'Ticket')}>
              {props.sample ? <p class="ticket-sample">{t(p, 'ЗРАЗОК', 'SAMPLE')}</p> : ''}
              <p class="ticket-title" safe>
                {l.title}
              </p>
              <p class="ticket-number" safe>
                {l.number}
              </p>
              {l.lines.map((line) => (
                <p safe>{line}</p>
              ))}
            </article>
            <p class="no-print ticket-actions">
              <button type="button" class="kiosk-button" data-print hidden>
                {t(p, 'Друкувати', 'Print')}
              </button>{' '}
              <a class="kiosk-button secondary" href={props.back}>
                {t(p, 'Назад', 'Back')}
              </a>
            </p>
          </main>
        </body>
      </html>
    </>
  );
}
