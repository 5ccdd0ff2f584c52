/**
 * The map files every tool may use: Leaflet and its marker clusters from node_modules, and our own small
 * script (./assets/maps.js) that turns a picker or a map box into a live map. Served from the app itself,
 * so the content security policy needs no other script origin.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../http/errors.js';

export const MAP_ASSETS = '/assets/maps';

/** Scripts and stylesheet a page with a pin picker or a single-marker map needs. */
export const MAP_SCRIPTS = [`${MAP_ASSETS}/leaflet.js`, `${MAP_ASSETS}/maps.js`];
export const MAP_STYLESHEET = `${MAP_ASSETS}/leaflet.css`;

const require = createRequire(import.meta.url);
function assetMap(): Record<string, { path: string; type: string }> {
  const leaflet = dirname(require.resolve('leaflet/dist/leaflet.js'));
  const cluster = dirname(require.resolve('leaflet.markercluster/dist/leaflet.markercluster.js'));
  // src/core/maps and dist/core/maps are both three levels below the project root.
  const own = fileURLToPath(new URL('../../../src/core/maps/assets/', import.meta.url));
  const js = 'text/javascript; charset=utf-8';
  const css = 'text/css; charset=utf-8';
  return {
    'leaflet.js': { path: join(leaflet, 'leaflet.js'), type: js },
    'leaflet.css': { path: join(leaflet, 'leaflet.css'), type: css },
    'leaflet.markercluster.js': { path: join(cluster, 'leaflet.markercluster.js'), type: js },
    'MarkerCluster.css': { path: join(cluster, 'MarkerCluster.css'), type: css },
    'maps.js': { path: join(own, 'maps.js'), type: js },
  };
}

export function registerMapAssets(app: FastifyInstance): void {
  const assets = assetMap();
  app.get<{ Params: { name: string } }>(`${MAP_ASSETS}/:name`, async (req, reply) => {
    const a = assets[req.params.name];
    if (!a) throw notFound();
    reply.header('cache-control', 'public, max-age=86400');
    return reply.type(a.type).send(await readFile(a.path));
  });
}
