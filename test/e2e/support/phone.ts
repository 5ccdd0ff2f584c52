/**
 * The phone checks: at the page's viewport (320 px in the journeys) nothing scrolls sideways, and every
 * visible control is a target of at least 24 × 24 CSS px or is exempt under WCAG 2.2 SC 2.5.8
 * (Target Size, Minimum). The exceptions implemented are the two that can be decided from the page:
 *
 * - inline: a link inside a sentence, its size set by the line of the text around it;
 * - spacing: a 24 px circle centred on the small target touches no other target and no other small
 *   target's circle.
 *
 * The "equivalent", "user agent control" and "essential" exceptions need a person's judgement, so a
 * target that relies on them must be named in `exempt` by the caller, with the reason in a comment.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { checkNoSideScroll } from './browser.js';

/** What a person can tap: the controls named in the brief of the phone checks (issue 9). */
export const TARGETS = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"]';
export const MIN_TARGET = 24;

export interface TargetProblem {
  what: string;
  width: number;
  height: number;
  why: string;
}

/**
 * Every visible target that is smaller than 24 × 24 px and not exempt, with the reason. Targets inside
 * `exclude` selectors are left out (e.g. a map whose markers are covered by the list beside it).
 */
export async function undersizedTargets(page: Page, exclude: string[] = []): Promise<TargetProblem[]> {
  // tsx compiles the named helpers below with esbuild's keepNames, which wraps them in `__name(…)`;
  // the page has no such function, so give it one that does nothing (a string is not compiled).
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(
    ({ selector, min, exclude }) => {
      const describe = (el: Element): string => {
        const tag = el.tagName.toLowerCase();
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        const text = (el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).value ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        return `${tag}${id}${cls}${text ? ` «${text}»` : ''}`;
      };
      const isVisible = (el: Element, r: DOMRect): boolean => {
        if (r.width === 0 && r.height === 0) return false;
        // Also false inside a closed <details>, whose content keeps its boxes but is not rendered.
        if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
        // Moved off screen or clipped to a pixel (skip link, visually hidden text): not a target until focused.
        if (r.right <= 0 || r.bottom <= -window.scrollY || r.width <= 1 || r.height <= 1) return false;
        if ((el as HTMLInputElement).disabled) return false;
        return true;
      };
      const blockOf = (el: Element): Element => {
        let b: Element | null = el.parentElement;
        while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
        return b ?? document.body;
      };
      /** A link in running text: laid out inline, in a block that holds other words than the link's own. */
      const isInline = (el: Element): boolean => {
        if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
        const block = blockOf(el);
        const all = (block.textContent ?? '').replace(/\s+/g, '');
        const targetsText = Array.from(block.querySelectorAll(selector))
          .map((t) => (t.textContent ?? '').replace(/\s+/g, ''))
          .join('');
        return all.length > targetsText.length;
      };
      const skipped = exclude.flatMap((sel) => Array.from(document.querySelectorAll(sel)));
      const targets = Array.from(document.querySelectorAll(selector))
        .filter((el) => !skipped.some((s) => s.contains(el)))
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ el, r }) => isVisible(el, r));
      const small = (r: DOMRect) => r.width < min - 0.01 || r.height < min - 0.01;
      const centre = (r: DOMRect) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
      const distToRect = (p: { x: number; y: number }, r: DOMRect) => {
        const dx = Math.max(r.left - p.x, 0, p.x - r.right);
        const dy = Math.max(r.top - p.y, 0, p.y - r.bottom);
        return Math.hypot(dx, dy);
      };
      const problems: { what: string; width: number; height: number; why: string }[] = [];
      for (const a of targets) {
        if (!small(a.r) || isInline(a.el)) continue;
        const c = centre(a.r);
        const radius = min / 2;
        const clash = targets.find((b) => {
          if (b === a || b.el.contains(a.el) || a.el.contains(b.el)) return false;
          if (distToRect(c, b.r) < radius - 0.01) return true;
          if (small(b.r) && !isInline(b.el)) {
            const d = centre(b.r);
            return Math.hypot(c.x - d.x, c.y - d.y) < min - 0.01;
          }
          return false;
        });
        if (!clash) continue;
        problems.push({
          what: describe(a.el),
          width: Math.round(a.r.width * 10) / 10,
          height: Math.round(a.r.height * 10) / 10,
          why: `its 24 px circle reaches ${describe(clash.el)}`,
        });
      }
      return problems;
    },
    { selector: TARGETS, min: MIN_TARGET, exclude },
  );
}

/** Fails when a visible control is under 24 × 24 px and not exempt under SC 2.5.8. */
export async function checkTargetSize(page: Page, label: string, exclude: string[] = []): Promise<void> {
  const problems = await undersizedTargets(page, exclude);
  const lines = problems.map((p) => `  ${p.what}: ${p.width} × ${p.height} px, ${p.why}`);
  assert.equal(problems.length, 0, `targets under 24 × 24 px on «${label}» (${page.url()}):\n${lines.join('\n')}`);
}

/** A phone page: no sideways scrolling at the viewport's width and targets big enough to tap. */
export async function checkPhone(page: Page, label: string, exclude: string[] = []): Promise<void> {
  const width = page.viewportSize()?.width ?? 320;
  await checkNoSideScroll(page, label, width);
  await checkTargetSize(page, label, exclude);
}

/** Where a page's own content must start on a phone of 360 × 740 (issue #21): the header leaves the rest. */
export const PHONE_360 = { width: 360, height: 740 };
export const MAX_CONTENT_TOP = 200;

/**
 * On a community's page (its header names the community), seen at 360 × 740: the first thing in
 * <main> starts within the first 200 px, so the page does not open below the fold behind its header.
 * Pages outside a community are left alone. The viewport is put back afterwards.
 */
export async function checkContentTop(page: Page, label: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE_360);
  try {
    const top = await page.evaluate(() => {
      if (!document.querySelector('.site-header .community-name')) return null;
      window.scrollTo(0, 0);
      const first = Array.from(document.querySelectorAll('main > *')).find((el) => el.getBoundingClientRect().height > 0);
      return first ? Math.round(first.getBoundingClientRect().top) : null;
    });
    if (top !== null)
      assert.ok(top <= MAX_CONTENT_TOP, `«${label}» (${page.url()}): at 360 × 740 the content starts at ${top} px, below ${MAX_CONTENT_TOP} px`);
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
