/**
 * Results as charts drawn on the server: plain SVG bars (no script, prints well), always with a table
 * beside them holding the same figures, which is what screen readers and copy-paste use.
 */
import { escapeHtml } from '@kitajs/html';
import { formatNumber } from '../../../core/i18n/index.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';

export interface Bar {
  label: string;
  value: number;
  /** What is written at the end of the bar, e.g. "12 (40 %)". */
  text: string;
}

const WIDTH = 640;
const ROW = 34;
const LABEL_W = 230;
const VALUE_W = 110;

function shorten(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

/** Horizontal bars; the figure is hidden from assistive technology, which reads the table instead. */
export function BarChart({ bars, title, colour = 'brand' }: { bars: Bar[]; title: string; colour?: 'brand' | 'support' | 'oppose' }): JSX.Element {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 8;
  const plot = WIDTH - LABEL_W - VALUE_W;
  const rows = bars
    .map((b, i) => {
      const y = i * ROW + 4;
      const w = max > 0 ? Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * plot)) : 0;
      return (
        `<text x="${LABEL_W - 8}" y="${y + 21}" text-anchor="end" class="chart-label">${escapeHtml(shorten(b.label, 30))}</text>` +
        `<rect x="${LABEL_W}" y="${y + 6}" width="${w}" height="${ROW - 12}" class="chart-bar chart-${colour}"></rect>` +
        `<text x="${LABEL_W + w + 6}" y="${y + 21}" class="chart-value">${escapeHtml(b.text)}</text>`
      );
    })
    .join('');
  const svg = `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false"><title>${escapeHtml(title)}</title>${rows}</svg>`;
  return svg;
}

/** The accessible twin of a chart. */
export function ResultTable({ p, caption, head, rows }: { p: PageCtx; caption: string; head: string[]; rows: string[][] }): JSX.Element {
  return (
    // Focusable, so a keyboard can scroll a table wider than the phone.
    <div class="table-wrap" tabindex="0" role="region" aria-label={caption}>
      <table>
        <caption safe>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" safe>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colspan={String(head.length)}>{t(p, 'Ще немає даних', 'No data yet')}</td>
            </tr>
          ) : (
            rows.map(([first, ...rest]) => (
              <tr>
                <th scope="row" safe>
                  {first ?? ''}
                </th>
                {rest.map((c) => (
                  <td safe>{c}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A chart with its table, as one figure. */
export function ChartWithTable(props: {
  p: PageCtx;
  title: string;
  bars: Bar[];
  head: string[];
  rows: string[][];
  colour?: 'brand' | 'support' | 'oppose';
}): JSX.Element {
  return (
    <figure class="result-figure">
      <figcaption safe>{props.title}</figcaption>
      <div class="result-pair">
        <BarChart bars={props.bars} title={props.title} colour={props.colour} />
        <ResultTable p={props.p} caption={tr(props.p, `Таблиця: ${props.title}`, `Table: ${props.title}`)} head={props.head} rows={props.rows} />
      </div>
    </figure>
  );
}

export const num = (p: PageCtx, n: number) => formatNumber(n, p.lang);
