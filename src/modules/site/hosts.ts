/**
 * The table of the sites' own host names, kept in memory: the platform maps every request's `Host`
 * before routing (synchronously), so it cannot ask the database. Loaded at start, reloaded after every
 * change here and on every tick (changes made by another instance).
 */
import type { CoreContext } from '../../core/context.js';
import { allHosts } from './repository.js';
import { hostPath } from './rules.js';

const tablesByCtx = new WeakMap<CoreContext, Map<string, string>>();

export async function reloadHosts(ctx: CoreContext): Promise<void> {
  const rows = await allHosts(ctx.db);
  tablesByCtx.set(ctx, new Map(rows.map((r) => [r.host, r.slug])));
}

/** The platform path of a request on a site's own host, or null (not a site host, or a platform path). */
export function rewriteSiteUrl(ctx: CoreContext, host: string, url: string): string | null {
  const slug = tablesByCtx.get(ctx)?.get(host);
  return slug ? hostPath(slug, url) : null;
}
