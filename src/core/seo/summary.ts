/**
 * The short summary a link preview and a search engine show (`description`, `og:description`): plain
 * text from what a person typed, markup removed, spaces collapsed, at most `max` characters.
 */
const SUMMARY_LENGTH = 200;

export function pageSummary(text: string, max = SUMMARY_LENGTH): string {
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    // Control characters (and lone surrogates) say nothing in a preview and upset some parsers.
    .replace(/[\u0000-\u001f\u007f\ud800-\udfff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...plain];
  if (chars.length <= max) return plain;
  const cut = chars.slice(0, max - 1).join('');
  // End at a word, when there is one in the last fifth, rather than in the middle of it.
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}
