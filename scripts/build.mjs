/**
 * `npm run build`: transpiles src/ to dist/ with esbuild, file by file (no bundling, the same layout as
 * the sources), in well under a second. Type-checking is `npm run typecheck`'s job (and CI's), not the
 * start's: issue #19 wants `npm start` to answer within seconds on a fresh clone.
 */
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

async function sources(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const started = performance.now();
const startedAt = Date.now();
rmSync(join(root, 'dist'), { recursive: true, force: true });
const entryPoints = await sources(join(root, 'src'));
await build({
  entryPoints,
  outdir: join(root, 'dist'),
  outbase: join(root, 'src'),
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  jsxImportSource: '@kitajs/html',
  sourcemap: true,
  logLevel: 'warning',
});
// `npm start` builds again only when a source is newer than this stamp, dated when this build began (so a
// source saved during the build counts as newer).
writeFileSync(join(root, 'dist', '.built'), `${new Date(startedAt).toISOString()}\n`);
utimesSync(join(root, 'dist', '.built'), startedAt / 1000, startedAt / 1000);
console.log(`build: ${entryPoints.length} files to dist/ in ${Math.round(performance.now() - started)} ms`);
