import type { Community } from '../communities/community.js';
import type { Lang, Text } from '../i18n/index.js';
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
  /** Where the viewer may moderate, to show the link in the header. */
  canManage: boolean;
}

export function tr(ctx: { lang: Lang }, uk: string, en: string): string {
  return ctx.lang === 'uk' ? uk : en;
}
