/** The sheet of voting codes a school prints. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { plural } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import { type Contest } from '../../budgets/index.js';
import { type CodeBatch, type School } from '../repository.js';
import { formatCode } from '../rules.js';
import { manageSchoolUrl } from './parts.js';

export interface PrintSlip {
  /** The slip's place on the whole sheet, from 0. */
  position: number;
  code: string;
  link: string;
  path: string;
  /** Modules per side, quiet zone included. */
  side: number;
  voided: boolean;
}

/** The A4 sheet to print: on screen a preview with instructions, on paper only the slips (print CSS). */
export function PrintSheetPage(props: {
  p: PageCtx;
  c: Community;
  school: School;
  contest: Contest;
  batch: CodeBatch;
  slips: PrintSlip[];
  voteUrl: string;
  pdfHref: string;
  part: { n: number; of: number; href: (k: number) => string };
}): JSX.Element {
  const { p, c, school, batch } = props;
  return (
    <Layout ctx={p} title={tr(p, `Аркуш кодів № ${batch.number}: ${school.name}`, `Code sheet No. ${batch.number}: ${school.name}`)}>
      <div class="no-print">
        <p class="meta">
          <a href={manageSchoolUrl(c, school)} safe>
            {school.name}
          </a>
        </p>
        <h1 safe>{tr(p, `Аркуш кодів № ${batch.number}`, `Code sheet No. ${batch.number}`)}</h1>
        <p safe>
          {tr(
            p,
            `${plural(batch.size, { uk: ['код', 'коди', 'кодів'], en: ['code', 'codes'] }, 'uk')}${batch.classLabel ? ` для ${batch.classLabel} класу` : ''}. Надрукуйте аркуш (Ctrl+P), розріжте по пунктиру й дайте кожному учневі один код. Кожен код діє один раз.`,
            `${plural(batch.size, { uk: ['код', 'коди', 'кодів'], en: ['code', 'codes'] }, 'en')}${batch.classLabel ? ` for class ${batch.classLabel}` : ''}. Print the sheet (Ctrl+P), cut along the dashes and give each student one code. Each code works once.`,
          )}
        </p>
        <p>
          <a class="button secondary" href={props.pdfHref}>
            {t(p, 'Завантажити PDF', 'Download the PDF')}
          </a>
        </p>
        {props.part.of > 1 ? (
          <nav aria-label={tr(p, 'Частини аркуша', 'Parts of the sheet')}>
            <p safe>
              {tr(
                p,
                `Великий аркуш друкується частинами по 100 кодів (PDF містить усі). Частина ${props.part.n} з ${props.part.of}:`,
                `A big sheet prints in parts of 100 codes (the PDF has them all). Part ${props.part.n} of ${props.part.of}:`,
              )}
            </p>
            <ul class="downloads">
              {Array.from({ length: props.part.of }, (_, i) => i + 1).map((k) => (
                <li>
                  <a href={props.part.href(k)} aria-current={k === props.part.n ? 'page' : undefined} safe>
                    {tr(p, `Частина ${k}`, `Part ${k}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : (
          ''
        )}
      </div>
      <ul class="code-sheet">
        {props.slips.map((s) => (
          <li class={`code-slip${s.voided ? ' code-slip-void' : ''}`}>
            {s.voided ? (
              <p class="code-slip-voided">{t(p, 'Код анульовано', 'Code voided')}</p>
            ) : (
              <svg
                class="code-qr"
                viewBox={`0 0 ${s.side} ${s.side}`}
                role="img"
                aria-label={tr(p, `QR-код ${s.position + 1}: посилання на бюлетень`, `QR code ${s.position + 1}: link to the ballot`)}
              >
                <rect width={String(s.side)} height={String(s.side)} fill="#ffffff" />
                <path d={s.path} fill="#000000" />
              </svg>
            )}
            <div class="code-slip-text">
              <p class="code-slip-school" safe>
                {school.name + (batch.classLabel ? tr(p, `, ${batch.classLabel} клас`, `, class ${batch.classLabel}`) : '')}
              </p>
              <p class="code-slip-label">{t(p, 'Ваш код для голосування:', 'Your voting code:')}</p>
              <p class="code-slip-code">
                <code safe>{formatCode(s.code)}</code>
              </p>
              <p class="code-slip-how" safe>
                {tr(p, `Відскануйте QR-код або відкрийте ${props.voteUrl} і введіть код.`, `Scan the QR code or open ${props.voteUrl} and type the code.`)}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
