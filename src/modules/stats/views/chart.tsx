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

export function BarChart({ id, series, lang, months }: { id: string; series: Series; lang: Lang; months: string[] }): JSX.Element {
  const values = months.map((m) => series.points.find((p) => p.month === m)?.value ?? 0);
  const max = Math.max(1, ...values);
  const w = 640;
  const h = 200;
  const pad = 28;
  const bw = (w - pad) / Math.max(1, months.length);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${w} ${h + 24}`} role="img" aria-labelledby={`chart-${id}`} class="chart-svg">
        <title id={`chart-${id}`} safe>
          {series.label}
        </title>
        <line x1={String(pad)} y1={String(h)} x2={String(w)} y2={String(h)} class="axis" />
        {values.map((v, i) => {
          const bh = Math.round((v / max) * (h - 20));
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
              <text x={String(pad + i * bw + bw / 2)} y={String(h + 16)} text-anchor="middle" class="bar-label" safe>
                {months[i]!.slice(5)}
              </text>
            </>
          );
        })}
      </svg>
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
