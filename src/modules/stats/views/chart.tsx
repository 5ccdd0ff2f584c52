/**
 * A bar chart drawn on the server as SVG (no script), with the same numbers in a table beside it for
 * screen readers and for copying.
 */
import { formatNumber, type Lang } from '../../../core/i18n/index.js';

import { t } from '../../../core/views/page-context.js';
export interface Series {
  label: string;
  points: { month: string; value: number }[];
}

/** The font size of the chart's labels, in px: the SVG is drawn at its own size, never scaled down. */
const CHART_FONT_PX = 13;

export function BarChart({ id, series, lang, months }: { id: string; series: Series; lang: Lang; months: string[] }): JSX.Element {
  const values = months.map((m) => series.points.find((p) => p.month === m)?.value ?? 0);
  const max = Math.max(1, ...values);
  // Each bar is as wide as its longest value label, and the SVG is shown at exactly its viewBox size (in
  // a scrolling box when wider than the screen): a viewBox scaled to a phone's width shrank 12-unit
  // labels to 5 px (issue #21). The top margin holds the tallest bar's value.
  const label = Math.max(...values.map((v) => formatNumber(v, lang).length), 2);
  const bw = Math.max(32, Math.ceil(label * CHART_FONT_PX * 0.62) + 8);
  const pad = 8;
  const top = CHART_FONT_PX + 8;
  const h = 160 + top;
  const w = pad + bw * Math.max(1, months.length);
  return (
    <figure class="chart">
      <div class="chart-scroll" tabindex="0" role="group" aria-labelledby={`chart-${id}`}>
        <svg
          viewBox={`0 0 ${w} ${h + CHART_FONT_PX + 10}`}
          width={String(w)}
          height={String(h + CHART_FONT_PX + 10)}
          role="img"
          aria-labelledby={`chart-${id}`}
          class="chart-svg"
        >
          <title id={`chart-${id}`} safe>
            {series.label}
          </title>
          <line x1={String(pad)} y1={String(h)} x2={String(w)} y2={String(h)} class="axis" />
          {values.map((v, i) => {
            const bh = Math.round((v / max) * (h - top));
            return (
              <>
                <rect x={String(pad + i * bw + 2)} y={String(h - bh)} width={String(Math.max(1, bw - 4))} height={String(bh)} class="bar" />
                {v > 0 ? (
                  <text x={String(pad + i * bw + bw / 2)} y={String(h - bh - 4)} text-anchor="middle" class="bar-value" safe>
                    {formatNumber(v, lang)}
                  </text>
                ) : (
                  ''
                )}
                <text x={String(pad + i * bw + bw / 2)} y={String(h + CHART_FONT_PX + 4)} text-anchor="middle" class="bar-label" safe>
                  {months[i]!.slice(5)}
                </text>
              </>
            );
          })}
        </svg>
      </div>
      <figcaption safe>{series.label}</figcaption>
      <details>
        <summary>{t({ lang }, 'Показати таблицею', 'Show as a table')}</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t({ lang }, 'Місяць', 'Month')}</th>
                <th scope="col" safe>
                  {series.label}
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((m, i) => (
                <tr>
                  <td safe>{m}</td>
                  <td safe>{formatNumber(values[i]!, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
