/** The site's use-cases: each change in one transaction with its audit entry. */
import type { CoreContext } from '../../core/context.js';
import type { Db } from '../../core/db/database.js';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import type { Text } from '../../core/i18n/index.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import {
  deleteHost,
  findSettings,
  insertDocument,
  insertDocumentVersion,
  insertFile,
  insertHost,
  insertMenuItem,
  insertPage,
  insertVersion,
  listMenu,
  saveSettings,
  updateMenuItem,
  updateDocument,
  updatePage,
  type DocumentValues,
  type DocumentVersion,
  type Page,
  type PageValues,
  type PageVersion,
  type SiteDocument,
  type SiteSettings,
} from './repository.js';
import { defaultMenu, SECTIONS } from './sections.js';
import { reloadHosts } from './hosts.js';
import type { PageKind } from './tables.js';
import { plainText } from './markdown.js';
import { searchTerms } from './rules.js';
import { pushLinkToSubscribers, type PushResult } from '../chatbot/index.js';

export const DEFAULT_SETTINGS: SiteSettings = { primary: '#1d4f91', accent: '#ffd500', english: true };

/**
 * The community's site with its standard sections (each a published page of guidance, or the text
 * `filled` gives it) and the default menu. Does nothing when the site exists. Returns whether it made one.
 */
export async function createSite(
  db: Db,
  o: { community: Community; now: Date; actorUserId: number | null; filled?: Partial<Record<string, Text>> },
): Promise<boolean> {
  const c = o.community;
  if (await findSettings(db, c.id)) return false;
  await saveSettings(db, c.id, DEFAULT_SETTINGS, o.now);
  for (const s of SECTIONS) {
    const own = o.filled?.[s.slug];
    const values: PageValues = { title: s.title, body: own ?? s.guidance, status: 'published', publishedAt: o.now };
    const id = await insertPage(db, { ...values, communityId: c.id, kind: 'page', slug: s.slug, guidance: !own, by: o.actorUserId, now: o.now });
    await insertVersion(db, id, values, o.actorUserId, o.now);
  }
  let position = 0;
  for (const m of defaultMenu(c.slug)) await insertMenuItem(db, c.id, { label: m.label, target: m.target, position: (position += 10), visible: true });
  await recordAudit(db, {
    communityId: c.id,
    actorUserId: o.actorUserId,
    action: 'site.created',
    subjectType: 'site',
    subjectId: c.id,
    after: { sections: SECTIONS.length },
  });
  return true;
}

/** Saves a page or news item (new when `page` is null) and keeps the saved text as a version; returns its id. */
export async function savePage(
  ctx: CoreContext,
  o: { community: Community; editor: Viewer; kind: PageKind; page: Page | null; slug: string; values: PageValues; now: Date },
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    // A draft of a page that is public (or scheduled) is kept as a version only: the public text stays
    // until the editor publishes.
    if (o.page && o.values.status === 'draft' && o.page.status === 'published') {
      await insertVersion(trx, o.page.id, o.values, o.editor.id, o.now);
      await recordAudit(trx, {
        communityId: o.community.id,
        actorUserId: o.editor.id,
        action: 'site.draft-saved',
        subjectType: o.page.kind === 'news' ? 'site-news' : 'site-page',
        subjectId: o.page.id,
        after: { title: o.values.title.uk, length: o.values.body.uk.length },
      });
      return o.page.id;
    }
    let id: number;
    if (o.page) {
      id = o.page.id;
      await updatePage(trx, id, { ...o.values, by: o.editor.id, now: o.now });
    } else {
      id = await insertPage(trx, { ...o.values, communityId: o.community.id, kind: o.kind, slug: o.slug, guidance: false, by: o.editor.id, now: o.now });
    }
    await insertVersion(trx, id, o.values, o.editor.id, o.now);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.editor.id,
      action: o.page ? 'site.page-saved' : 'site.page-created',
      subjectType: o.kind === 'news' ? 'site-news' : 'site-page',
      subjectId: id,
      before: o.page ? { status: o.page.status, publishedAt: o.page.publishedAt, title: o.page.title.uk } : undefined,
      after: { status: o.values.status, publishedAt: o.values.publishedAt, title: o.values.title.uk, length: o.values.body.uk.length },
    });
    return id;
  });
}

/**
 * Brings back an old version's text: saved as the newest, so the restore itself is in the history too.
 * The page stays as public (or not) as it is now.
 */
export async function restoreVersion(
  ctx: CoreContext,
  o: { community: Community; editor: Viewer; page: Page; version: PageVersion; now: Date },
): Promise<void> {
  const v = o.version;
  await ctx.db.transaction().execute(async (trx) => {
    const values: PageValues = { title: v.title, body: v.body, status: o.page.status, publishedAt: o.page.publishedAt };
    await updatePage(trx, o.page.id, { ...values, by: o.editor.id, now: o.now });
    await insertVersion(trx, o.page.id, values, o.editor.id, o.now);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.editor.id,
      action: 'site.page-restored',
      subjectType: o.page.kind === 'news' ? 'site-news' : 'site-page',
      subjectId: o.page.id,
      after: { version: v.id },
    });
  });
}

/** The menu's order and visibility, as the editor set them. */
export async function saveMenu(
  ctx: CoreContext,
  o: { community: Community; editor: Viewer; items: { id: number; position: number; visible: boolean }[] },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await listMenu(trx, o.community.id);
    const known = new Set(before.map((m) => m.id));
    for (const it of o.items) if (known.has(it.id)) await updateMenuItem(trx, o.community.id, it.id, { position: it.position, visible: it.visible });
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.editor.id,
      action: 'site.menu-saved',
      subjectType: 'site',
      subjectId: o.community.id,
      before: before.map((m) => ({ id: m.id, position: m.position, visible: m.visible })),
      after: o.items,
    });
  });
}

export async function saveSiteSettings(ctx: CoreContext, o: { community: Community; admin: Viewer; settings: SiteSettings; now: Date }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findSettings(trx, o.community.id);
    await saveSettings(trx, o.community.id, o.settings, o.now);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.admin.id,
      action: 'site.settings-saved',
      subjectType: 'site',
      subjectId: o.community.id,
      before,
      after: o.settings,
    });
  });
}

export async function addHost(ctx: CoreContext, o: { community: Community; admin: Viewer; host: string }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await insertHost(trx, o.community.id, o.host);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.admin.id,
      action: 'site.host-added',
      subjectType: 'site',
      subjectId: o.community.id,
      after: { host: o.host },
    });
  });
  await reloadHosts(ctx);
}

export async function removeHost(ctx: CoreContext, o: { community: Community; admin: Viewer; host: string }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteHost(trx, o.community.id, o.host))) return;
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.admin.id,
      action: 'site.host-removed',
      subjectType: 'site',
      subjectId: o.community.id,
      before: { host: o.host },
    });
  });
  await reloadHosts(ctx);
}

/** Keeps an uploaded image (already resized) or PDF (already checked); returns its id. */
export async function uploadFile(
  ctx: CoreContext,
  o: { community: Community; editor: Viewer; kind: 'image' | 'pdf'; name: string; contentType: string; data: Buffer },
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertFile(trx, { communityId: o.community.id, kind: o.kind, name: o.name, contentType: o.contentType, data: o.data, by: o.editor.id });
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.editor.id,
      action: 'site.file-uploaded',
      subjectType: 'site-file',
      subjectId: id,
      after: { kind: o.kind, bytes: o.data.length },
    });
    return id;
  });
}

export async function addDocument(ctx: CoreContext, o: { community: Community; editor: Viewer; values: DocumentValues; now: Date }): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertDocument(trx, o.community.id, o.values, o.editor.id, o.now);
    await insertDocumentVersion(trx, id, o.values, o.editor.id, o.now);
    const { searchTerms: _terms, body: _body, ...summary } = o.values;
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.editor.id,
      action: 'site.document-added',
      subjectType: 'site-document',
      subjectId: id,
      after: summary,
    });
    return id;
  });
}

const docSummary = (d: Omit<DocumentValues, 'searchTerms'>) => ({
  number: d.number,
  date: d.date,
  type: d.type,
  status: d.status,
  title: d.title,
  pdfFileId: d.pdfFileId,
  length: d.body.length,
});

/** Saves the edited document (its PDF kept unless a new one came) and keeps the saved text as a version. */
export async function saveDocument(
  ctx: CoreContext,
  o: { community: Community; editor: Viewer; doc: SiteDocument; values: DocumentValues; now: Date },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await updateDocument(trx, o.doc.id, o.values, o.now);
    await insertDocumentVersion(trx, o.doc.id, o.values, o.editor.id, o.now);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.editor.id,
      action: 'site.document-saved',
      subjectType: 'site-document',
      subjectId: o.doc.id,
      before: docSummary(o.doc),
      after: docSummary(o.values),
    });
  });
}

/** Brings back an old version of a document, saved as the newest (so the restore is in the history too). */
export async function restoreDocumentVersion(
  ctx: CoreContext,
  o: { community: Community; editor: Viewer; doc: SiteDocument; version: DocumentVersion; now: Date },
): Promise<void> {
  const v = o.version;
  const values: DocumentValues = { ...v, searchTerms: searchTerms(v.number, v.title, v.body) };
  await ctx.db.transaction().execute(async (trx) => {
    await updateDocument(trx, o.doc.id, values, o.now);
    await insertDocumentVersion(trx, o.doc.id, values, o.editor.id, o.now);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.editor.id,
      action: 'site.document-restored',
      subjectType: 'site-document',
      subjectId: o.doc.id,
      before: docSummary(o.doc),
      after: { version: v.id, ...docSummary(v) },
    });
  });
}

/** Whether a page is a news item readers can see now: only such an item is sent to the bot's subscribers. */
export function isPushable(page: Page, now: Date): boolean {
  return page.kind === 'news' && page.status === 'published' && page.publishedAt !== null && page.publishedAt <= now;
}

/** The message a news item becomes in the messengers: its title and the start of its text; the button opens it on the site. */
export function newsMessage(ctx: CoreContext, c: Community, page: Page): { text: string; link: string } {
  const excerpt = plainText(page.body.uk).replace(/\s+/g, ' ').trim();
  const short = [...excerpt].length > 300 ? `${[...excerpt].slice(0, 300).join('').trimEnd()}…` : excerpt;
  return { text: short ? `${page.title.uk}\n\n${short}` : page.title.uk, link: `${ctx.config.publicUrl}/${c.slug}/site/news/${page.slug}` };
}

/** Sends a published news item to all the bot's subscribers, through the bot's own broadcasts (audited there). */
export async function pushNews(ctx: CoreContext, o: { community: Community; actorUserId: number; page: Page; now: Date }): Promise<PushResult> {
  const m = newsMessage(ctx, o.community, o.page);
  return pushLinkToSubscribers(ctx, {
    community: o.community,
    actorUserId: o.actorUserId,
    text: m.text,
    buttonLabel: 'Читати на сайті',
    link: m.link,
    source: `site-news:${o.page.id}`,
    now: o.now,
  });
}
