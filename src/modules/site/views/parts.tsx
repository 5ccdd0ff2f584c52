/** Pieces of the site's pages: Markdown text, a page's text in the reader's language, labels of documents. */
import type { Text } from '../../../core/i18n/index.js';
import { renderMarkdown } from '../markdown.js';
import type { DocStatus, DocType } from '../tables.js';

/** Markdown as HTML: safe by construction (markdown.ts escapes everything first). */
export function Markdown(props: { src: string }): JSX.Element {
  return renderMarkdown(props.src);
}

export const DOC_TYPE_LABELS: Record<DocType, Text> = {
  decision: { uk: 'Рішення ради', en: 'Council decision' },
  order: { uk: 'Розпорядження голови', en: 'Head’s order' },
  regulation: { uk: 'Регуляторний акт', en: 'Regulatory act' },
  program: { uk: 'Програма', en: 'Programme' },
  other: { uk: 'Інший документ', en: 'Other document' },
};

export const DOC_STATUS_LABELS: Record<DocStatus, Text> = {
  draft: { uk: 'Проєкт', en: 'Draft' },
  in_force: { uk: 'Чинний', en: 'In force' },
  amended: { uk: 'Зі змінами', en: 'Amended' },
  repealed: { uk: 'Втратив чинність', en: 'Repealed' },
};
