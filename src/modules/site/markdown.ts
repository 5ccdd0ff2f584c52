/**
 * The pages' Markdown, turned into HTML safe by construction: every character of the text is escaped
 * first, and only a fixed set of elements is built from it (headings, paragraphs, lists, quotes, bold,
 * italic, links, images). A raw tag in the text stays visible text; a link or image goes only to
 * http(s), mailto:, tel: or a path of this site. Nothing else reaches the page, so there is nothing to sanitise afterwards.
 */

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A link target that is allowed, escaped for an attribute; null otherwise. */
function safeHref(raw: string, image: boolean): string | null {
  const url = raw.trim();
  const ok = image ? /^\/[^/\\]/.test(url) : /^(https?:\/\/|mailto:|tel:|\/(?![/\\])|#)/i.test(url);
  return ok && !/[\s<>"]/.test(url) ? escape(url) : null;
}

/** Inline marks of an already escaped line. */
function inline(text: string): string {
  return escape(text)
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, alt: string, src: string) => {
      const href = safeHref(src.replace(/&amp;/g, '&'), true);
      return href ? `<img src="${href}" alt="${alt}" loading="lazy">` : whole;
    })
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, target: string) => {
      const href = safeHref(target.replace(/&amp;/g, '&'), false);
      return href ? `<a href="${href}">${label}</a>` : whole;
    })
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,;:!?])/g, '$1<em>$2</em>');
}

/** The HTML of a Markdown text. */
export function renderMarkdown(src: string): string {
  const out: string[] = [];
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  let para: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
  let quote: string[] = [];
  const flush = () => {
    if (para.length) out.push(`<p>${para.map(inline).join('<br>')}</p>`);
    para = [];
    if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`);
    list = null;
    if (quote.length) out.push(`<blockquote><p>${quote.map(inline).join('<br>')}</p></blockquote>`);
    quote = [];
  };
  for (const raw of lines) {
    const line = raw.trimEnd();
    const heading = /^(#{1,4})\s+(.+)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.+)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.+)$/.exec(line);
    const quoted = /^>\s?(.*)$/.exec(line);
    if (line === '') flush();
    else if (heading) {
      flush();
      // A page's own title is its h1: headings in the text start at h2, so that «## » (the editor's
      // subheading) is the h2 under it and no level is skipped; «# » is an h2 too, «### » an h3.
      const level = Math.max(heading[1]!.length, 2);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
    } else if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      if (para.length || quote.length || (list && list.tag !== tag)) flush();
      list ??= { tag, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else if (quoted) {
      if (para.length || list) flush();
      quote.push(quoted[1]!);
    } else {
      if (list || quote.length) flush();
      para.push(line.trim());
    }
  }
  flush();
  return out.join('\n');
}

/** The plain text of a Markdown text (for descriptions and feeds). */
export function plainText(src: string): string {
  return src
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
