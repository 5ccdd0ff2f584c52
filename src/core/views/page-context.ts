import { escapeHtml } from '@kitajs/html';
import type { Community } from '../communities/community.js';
import { pick, type Lang, type Text } from '../i18n/index.js';
import type { Viewer } from '../users/viewer.js';

/** What every page needs to draw its frame. */
export interface PageCtx {
  lang: Lang;
  viewer: Viewer | null;
  csrfToken: string;
  /** Current path with query: the target of "return to" links and of the language switch. */
  path: string;
  community: Community | null;
  /** The community's tools in the header: label and absolute path. */
  nav: { label: Text; href: string }[];
  switcher: { slug: string; name: Text }[];
  demo: boolean;
  /** The platform's absolute address without a trailing slash (config PUBLIC_URL), for canonical and preview URLs. */
  publicUrl: string;
  /** Where the viewer may moderate, to show the link in the header. */
  canManage: boolean;
}

export function tr(ctx: { lang: Lang }, uk: string, en: string): string {
  return pick({ uk, en }, ctx.lang);
}

/**
 * The same, for text between tags: escaped, so it is safe in HTML whatever it interpolates, and typed
 * as an element so the XSS scanner (xss-scan) knows it. Use `tr` for attributes and plain strings.
 */
export function t(ctx: { lang: Lang }, uk: string, en: string): JSX.Element {
  return escapeHtml(pick({ uk, en }, ctx.lang));
}
