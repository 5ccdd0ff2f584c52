/**
 * Splits a draft act into sections by its headings, so residents can comment and take a stance on each.
 * Ukrainian acts are built of розділи, глави, статті and numbered points; pasted Markdown has # headings.
 * The moderator checks the result before publishing; when nothing looks like a heading, we say so and
 * the moderator splits by hand with lines of «---».
 */

export interface ActSection {
  heading: string;
  /** The heading of the part (розділ / глава) this section belongs to, when the part itself has no text. */
  parent: string | null;
  body: string;
}

export type SplitMethod = 'markers' | 'markdown' | 'structure' | 'points' | 'none';

export interface SplitResult {
  sections: ActSection[];
  method: SplitMethod;
}

export const ACT_MAX_CHARS = 300_000;
export const MAX_SECTIONS = 400;

const MARKER = /^\s*-{3,}\s*$/;
const MARKDOWN = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/;
// «Розділ I», «РОЗДІЛ 2.», «Глава 3», «Стаття 12», «Стаття 12-1», optionally followed by a title.
const PART = /^\s*(?:\*\*)?\s*(розділ|глава|підрозділ)\s+([IVXLCDM]+|\d+)(?![\p{L}\d])/iu;
const ARTICLE = /^\s*(?:\*\*)?\s*(стаття|ст\.)\s+\d+(?:[.-]\d+)*(?![\p{L}\d])/iu;
// «1. Загальні положення», «12) Текст», but not «1.1.» sub-points (they stay inside their point).
const POINT = /^\s*(\d{1,3})[.)]\s+\S/u;

function clean(s: string): string {
  return s.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
}

function normalise(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u0000/g, '')
    .replace(/\t/g, '    ')
    .split('\n');
}

function trimBody(lines: string[]): string {
  return lines
    .join('\n')
    .replace(/^\s*\n+/, '')
    .replace(/\n\s*$/g, '')
    .trimEnd();
}

interface Cut {
  line: number;
  heading: string;
  /** 0: part (розділ, глава, # ), 1: article / point / ## and deeper. */
  level: number;
}

function build(lines: string[], cuts: Cut[], method: SplitMethod): SplitResult {
  const sections: ActSection[] = [];
  const pre = trimBody(lines.slice(0, cuts[0]!.line));
  if (pre) sections.push({ heading: 'Преамбула', parent: null, body: pre });
  let parent: string | null = null;
  cuts.forEach((c, i) => {
    const end = i + 1 < cuts.length ? cuts[i + 1]!.line : lines.length;
    const body = trimBody(lines.slice(c.line + 1, end));
    const next = cuts[i + 1];
    if (c.level === 0) parent = c.heading;
    // A part heading right before its articles is a group title, not a section of its own.
    if (!body && next && next.level > c.level) return;
    sections.push({ heading: c.heading, parent: c.level === 0 ? null : parent, body });
  });
  return { sections, method };
}

export function splitAct(text: string): SplitResult {
  const lines = normalise(text);
  const nonEmpty = lines.some((l) => l.trim());
  if (!nonEmpty) return { sections: [], method: 'none' };

  // 1. The moderator's own cuts win: a line of three or more dashes between sections.
  if (lines.some((l) => MARKER.test(l))) {
    const chunks: string[][] = [[]];
    for (const l of lines) {
      if (MARKER.test(l)) chunks.push([]);
      else chunks[chunks.length - 1]!.push(l);
    }
    const sections = chunks
      .map((chunk): ActSection | null => {
        const first = chunk.findIndex((l) => l.trim());
        if (first < 0) return null;
        const md = MARKDOWN.exec(chunk[first]!);
        return { heading: clean(md ? md[2]! : chunk[first]!), parent: null, body: trimBody(chunk.slice(first + 1)) };
      })
      .filter((s): s is ActSection => s !== null);
    return { sections, method: 'markers' };
  }

  // 2. Markdown headings.
  const md: Cut[] = [];
  lines.forEach((l, i) => {
    const m = MARKDOWN.exec(l);
    if (m) md.push({ line: i, heading: clean(m[2]!), level: m[1]!.length <= 1 ? 0 : 1 });
  });
  if (md.length > 0) {
    // With one # title over ## sections, the title is the whole act's name: treat ## as the parts.
    const tops = md.filter((c) => c.level === 0).length;
    const cuts = tops === 1 && md[0]!.level === 0 && md.length > 1 ? md.slice(1) : md;
    if (cuts !== md) {
      const depth = (i: number) => MARKDOWN.exec(lines[i]!)![1]!.length;
      const shallow = Math.min(...cuts.map((c) => depth(c.line)));
      for (const c of cuts) c.level = depth(c.line) === shallow ? 0 : 1;
      const result = build(lines, cuts, 'markdown');
      // The act's title line is not a section; what stood between it and the first part is a preamble.
      const pre = trimBody(lines.slice(md[0]!.line + 1, cuts[0]!.line));
      const rest = result.sections.filter((s) => s.heading !== 'Преамбула');
      return { sections: pre ? [{ heading: 'Преамбула', parent: null, body: pre }, ...rest] : rest, method: 'markdown' };
    }
    return build(lines, cuts, 'markdown');
  }

  // 3. The structure of an act: розділ / глава (parts) and статті (articles).
  const structure: Cut[] = [];
  lines.forEach((l, i) => {
    if (PART.test(l)) structure.push({ line: i, heading: clean(l), level: 0 });
    else if (ARTICLE.test(l)) structure.push({ line: i, heading: clean(l), level: 1 });
  });
  if (structure.length > 0) return build(lines, structure, 'structure');

  // 4. Top-level numbered points, counted from 1 so that a stray number in the text does not cut it.
  const points: Cut[] = [];
  let expected = 1;
  lines.forEach((l, i) => {
    const m = POINT.exec(l);
    if (m && Number(m[1]) === expected) {
      points.push({ line: i, heading: clean(l.length > 160 ? `${l.slice(0, 157)}…` : l), level: 1 });
      expected++;
    }
  });
  if (points.length >= 2) {
    // A numbered point is usually a whole paragraph: its first line is both the heading and the text.
    const sections: ActSection[] = [];
    const pre = trimBody(lines.slice(0, points[0]!.line));
    if (pre) sections.push({ heading: 'Преамбула', parent: null, body: pre });
    points.forEach((c, i) => {
      const end = i + 1 < points.length ? points[i + 1]!.line : lines.length;
      sections.push({ heading: c.heading, parent: null, body: trimBody(lines.slice(c.line, end)) });
    });
    return { sections, method: 'points' };
  }

  // 5. No headings at all: one section, and the page tells the moderator to split by hand.
  return { sections: [{ heading: 'Увесь текст', parent: null, body: trimBody(lines) }], method: 'none' };
}

/** The sections back into text with markers, for the moderator to adjust by hand. */
export function sectionsToText(sections: ActSection[]): string {
  return sections.map((s) => `${s.heading}\n${s.body}`.trim()).join('\n\n---\n\n');
}
