/**
 * The report of one item: results and comments as tables, shared by the printable page, CSV and XLSX,
 * so the three always agree. Authors appear as they do publicly; hidden comments stay hidden.
 */
import type ExcelJS from 'exceljs';
import type { CoreContext } from '../../../core/context.js';
import type { Lang } from '../../../core/i18n/index.js';
import { shownName } from '../../../core/users/public-name.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { formatKyivDateTime, kyivParts } from '../../../core/calendar/index.js';
import { inertCell } from '../../../core/http/csv.js';
import { allResponses, listComments, listQuestions, listSections, stanceTallies, type Item } from '../repository.js';
import { pollResults, mainValue, type PollQuestion, type QuestionResult } from '../rules/poll.js';
import { KIND_LABEL } from '../rules/model.js';

/** A cell: text, a number, or a moment (shown as Kyiv time; a real date in the XLSX). */
export type Cell = string | number | Date;

export interface Table {
  name: string;
  head: string[];
  rows: Cell[][];
}

export interface ReportData {
  results: Table;
  comments: Table;
  poll: { questions: PollQuestion[]; results: QuestionResult[] } | null;
}

export const HIDDEN_TEXT = { uk: 'Коментар приховано модератором', en: 'Comment hidden by a moderator' };

export async function buildReport(ctx: CoreContext, item: Item, lang: Lang): Promise<ReportData> {
  const uk = lang === 'uk';
  const comments = await listComments(ctx.db, item.id);
  const hidden = await hiddenIds(
    ctx.db,
    'consultation-comment',
    comments.map((x) => String(x.id)),
  );
  const sections = item.kind === 'act' ? await listSections(ctx.db, item.id) : [];
  const sectionName = new Map(sections.map((s) => [s.id, s.heading]));
  const decisionLabel = {
    accepted: uk ? 'Враховано' : 'Taken up',
    partly: uk ? 'Враховано частково' : 'Partly taken up',
    rejected: uk ? 'Не враховано' : 'Not taken up',
  };

  const commentsTable: Table = {
    name: uk ? 'Коментарі' : 'Comments',
    head: uk
      ? ['№', 'Розділ', 'Відповідь на №', 'Автор', 'Дата', 'Текст', 'Підтримок', 'Рішення', 'Пояснення']
      : ['No.', 'Section', 'Reply to No.', 'Author', 'Date', 'Text', 'Supports', 'Decision', 'Explanation'],
    rows: comments.map((x) => {
      const isHidden = hidden.has(String(x.id));
      return [
        x.id,
        x.sectionId ? (sectionName.get(x.sectionId) ?? '') : item.kind === 'act' ? (uk ? 'Документ загалом' : 'Whole document') : '',
        x.parentId ?? '',
        isHidden ? '' : shownName(x.authorName, lang) || (uk ? 'Видалений обліковий запис' : 'Deleted account'),
        x.createdAt,
        isHidden ? HIDDEN_TEXT[lang] : x.body,
        isHidden ? '' : x.supports,
        x.decision ? decisionLabel[x.decision] : '',
        x.decisionReason ?? '',
      ];
    }),
  };

  let results: Table;
  let poll: ReportData['poll'] = null;
  if (item.kind === 'poll') {
    const questions = await listQuestions(ctx.db, item.id);
    // Under the poll's rule: e-mail-level answers only when they count.
    const rs = pollResults(questions, await allResponses(ctx.db, item.id), item.emailCounts).results;
    poll = { questions, results: rs };
    const measureLabel = {
      count: uk ? 'відповідей' : 'answers',
      borda: uk ? 'бали Борда' : 'Borda points',
      average: uk ? 'середня оцінка' : 'average score',
      total: uk ? 'усього балів' : 'total points',
    };
    results = {
      name: uk ? 'Результати' : 'Results',
      head: uk
        ? ['Питання', 'Варіант', 'Показник', 'Значення', 'Відповідей / перших місць', 'Частка, %', 'Учасників']
        : ['Question', 'Option', 'Measure', 'Value', 'Answers / first places', 'Share, %', 'Respondents'],
      rows: rs.flatMap((r, i) =>
        r.options.map((o) => [
          `${i + 1}. ${questions[i]!.text}`,
          o.optionId === null ? (uk ? 'Інше' : 'Other') : o.label,
          measureLabel[r.measure],
          mainValue(r, o),
          o.count,
          o.percent,
          r.respondents,
        ]),
      ),
    };
  } else if (item.kind === 'act') {
    const tallies = await stanceTallies(ctx.db, item.id, item.emailCounts);
    const count = (id: number | null) => comments.filter((x) => x.sectionId === id).length;
    results = {
      name: uk ? 'Результати' : 'Results',
      head: uk ? ['Розділ', 'Підтримують', 'Не підтримують', 'Коментарів'] : ['Section', 'Support', 'Do not support', 'Comments'],
      rows: [
        [uk ? 'Документ загалом' : 'Whole document', tallies.get(0)?.support ?? 0, tallies.get(0)?.oppose ?? 0, count(null)],
        ...sections.map((s) => [s.heading, tallies.get(s.id)?.support ?? 0, tallies.get(s.id)?.oppose ?? 0, count(s.id)]),
      ],
    };
  } else {
    const visible = comments.filter((x) => !hidden.has(String(x.id)));
    results = {
      name: uk ? 'Результати' : 'Results',
      head: uk ? ['Показник', 'Значення'] : ['Figure', 'Value'],
      rows: [
        [uk ? 'Пропозицій і коментарів' : 'Proposals and comments', comments.length],
        [uk ? 'Приховано модератором' : 'Hidden by a moderator', comments.length - visible.length],
        // People, not accounts: two e-mail accounts of one phone, or one linked to an identity, are one author.
        [uk ? 'Авторів' : 'Authors', new Set(comments.map((x) => x.person)).size],
        [uk ? 'Підтримок' : 'Supports', visible.reduce((a, x) => a + x.supports, 0)],
        [uk ? 'Враховано пропозицій' : 'Proposals taken up', comments.filter((x) => x.decision === 'accepted' || x.decision === 'partly').length],
      ],
    };
  }
  return { results, comments: commentsTable, poll };
}

/** The cell as text (the printable page and CSV): a moment in Kyiv time, as everywhere on the site. */
export function cellText(v: Cell, lang: Lang): string {
  return v instanceof Date ? formatKyivDateTime(v, lang) : String(v);
}

/** A cell that a spreadsheet would run as a formula is prefixed, so a comment cannot become one. */
function csvCell(v: Cell, lang: Lang): string {
  const s = typeof v === 'string' ? inertCell(v) : cellText(v, lang);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(t: Table, lang: Lang): string {
  // The BOM makes Excel read the file as UTF-8 (Cyrillic otherwise breaks).
  return '\uFEFF' + [t.head, ...t.rows].map((r) => r.map((v) => csvCell(v, lang)).join(',')).join('\r\n') + '\r\n';
}

/**
 * A moment as the Kyiv wall-clock time in a spreadsheet date: XLSX dates have no time zone, and ExcelJS
 * writes a Date's UTC fields, so the Kyiv fields go there.
 */
function spreadsheetDate(instant: Date): Date {
  const k = kyivParts(instant);
  return new Date(Date.UTC(k.year, k.month - 1, k.day, k.hour, k.minute, k.second));
}

const DATE_TIME_FORMAT = 'dd.mm.yyyy hh:mm';

export async function toXlsx(item: Item, lang: Lang, data: ReportData): Promise<Buffer> {
  // Loaded on first use: the spreadsheet library is large (issue #19: start time and memory).
  const { default: Excel } = await import('exceljs');
  const wb: ExcelJS.Workbook = new Excel.Workbook();
  wb.creator = 'Віче';
  wb.title = item.title;
  const about = wb.addWorksheet(lang === 'uk' ? 'Про звіт' : 'About');
  about.addRows([
    [lang === 'uk' ? 'Назва' : 'Title', item.title],
    [lang === 'uk' ? 'Вид' : 'Kind', KIND_LABEL[item.kind][lang]],
    [lang === 'uk' ? 'Початок' : 'Start', spreadsheetDate(item.startsAt)],
    [lang === 'uk' ? 'Завершення' : 'End', spreadsheetDate(item.closedAt && item.closedAt < item.endsAt ? item.closedAt : item.endsAt)],
  ]);
  about.getCell('B3').numFmt = DATE_TIME_FORMAT;
  about.getCell('B4').numFmt = DATE_TIME_FORMAT;
  about.getCell('B3').alignment = { horizontal: 'left' };
  about.getCell('B4').alignment = { horizontal: 'left' };
  about.getColumn(1).width = 18;
  about.getColumn(2).width = 80;
  for (const t of [data.results, data.comments]) {
    const ws = wb.addWorksheet(t.name);
    const head = ws.addRow(t.head);
    head.font = { bold: true };
    for (const r of t.rows) {
      const row = ws.addRow(r.map((v) => (v instanceof Date ? spreadsheetDate(v) : typeof v === 'string' ? inertCell(v) : v)));
      r.forEach((v, i) => {
        if (v instanceof Date) row.getCell(i + 1).numFmt = DATE_TIME_FORMAT;
      });
    }
    t.head.forEach((_, i) => {
      ws.getColumn(i + 1).width = Math.min(60, Math.max(10, ...[t.head[i]!, ...t.rows.map((r) => cellText(r[i] ?? '', lang))].map((s) => s.length + 2)));
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
