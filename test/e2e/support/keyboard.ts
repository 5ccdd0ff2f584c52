/**
 * Moving through a page as a keyboard user does: Tab (or Shift+Tab) until the control with a given
 * name has focus, checking on the way that the control shows where focus is. Only `page.keyboard` is
 * used; the page is read (never changed) to know what has focus.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

export interface Focused {
  /** The accessible name, roughly: aria-label, the label of a field, or the text. */
  name: string;
  tag: string;
  /** The computed outline and box-shadow, as the browser draws them. */
  outline: string;
  boxShadow: string;
  /** The focused element is drawn with an outline or a shadow. */
  indicated: boolean;
  /** It lies within the viewport (the browser scrolled it into view). */
  inView: boolean;
}

/** What has focus now, or null when nothing but the document or its main area has it. */
export async function focused(page: Page): Promise<Focused | null> {
  // See undersizedTargets in phone.ts: tsx's keepNames wraps named helpers in `__name(…)`.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement || el.tagName === 'MAIN') return null;
    const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    let name = squash(el.getAttribute('aria-label'));
    const labelledBy = el.getAttribute('aria-labelledby');
    if (!name && labelledBy)
      name = squash(
        labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent)
          .join(' '),
      );
    const labels = (el as HTMLInputElement).labels;
    if (!name && labels && labels.length > 0)
      name = squash(
        Array.from(labels)
          .map((l) => l.textContent)
          .join(' '),
      );
    if (!name) name = squash(el.textContent) || squash((el as HTMLInputElement).value);
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1 && !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(style.outlineColor);
    const shadowed = style.boxShadow !== 'none' && style.boxShadow !== '';
    const r = el.getBoundingClientRect();
    return {
      name,
      tag: el.tagName.toLowerCase(),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
      indicated: outlined || shadowed,
      inView: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
    };
  });
}

function matches(name: string, want: string | RegExp): boolean {
  return typeof want === 'string' ? name === want : want.test(name);
}

/**
 * Presses Tab (or Shift+Tab with `back`) until the focused control's name matches `want`, then checks
 * that the control shows focus and is on screen. Fails, listing what was passed, after `max` presses.
 */
export async function tabTo(page: Page, want: string | RegExp, opts: { back?: boolean; max?: number } = {}): Promise<Focused> {
  const key = opts.back ? 'Shift+Tab' : 'Tab';
  const max = opts.max ?? 120;
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (!f) continue;
    if (matches(f.name, want)) {
      assertFocusVisible(f, page.url());
      return f;
    }
    passed.push(`${f.tag} «${f.name.slice(0, 50)}»`);
  }
  assert.fail(`${key} ×${max} on ${page.url()} never reached «${String(want)}»; passed: ${passed.slice(-25).join(', ')}`);
}

export function assertFocusVisible(f: Focused, where: string): void {
  assert.ok(f.indicated, `focus is not visible on ${f.tag} «${f.name}» at ${where}: outline ${f.outline}, box-shadow ${f.boxShadow}`);
  assert.ok(f.inView, `the focused ${f.tag} «${f.name}» at ${where} is off screen`);
}

/** Tab to the control, then press a key on it (Enter follows a link or sends a form; Space ticks a box or presses a button). */
export async function activate(
  page: Page,
  want: string | RegExp,
  key: 'Enter' | 'Space' = 'Enter',
  opts: { back?: boolean; max?: number } = {},
): Promise<void> {
  await tabTo(page, want, opts);
  await page.keyboard.press(key);
}
