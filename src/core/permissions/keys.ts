/**
 * Permission keys: the names of what someone may do, one per kind of state-changing action. The core
 * declares its own here; each module declares its keys in its manifest (`permissions`), named
 * `<module id>.<action>`. Every state-changing route names the key it exercises in its options,
 * `{ config: { permission: 'petitions.sign' } }`; the app refuses to start when a route names none, or
 * one nobody declared (`enforcePermissionKeys`). Who holds a key is decided by the policy
 * (`policy.ts`) and each module's `access.ts`; the authorization matrix (test/hostile) checks each
 * route's key and, role by role, what the route allows.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Text } from '../i18n/index.js';
import type { ModuleManifest } from '../modules/manifest.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission key this route exercises (required on every state-changing route). */
    permission?: string;
  }
}

/** The core's keys: signing in, one's own account, complaints and the community's moderation, the demo clock. */
export const CORE_PERMISSIONS: Record<string, Text> = {
  'account.sign-in': { uk: 'Увійти кодами з e-mail і SMS і вийти (будь-хто)', en: 'Sign in with e-mail and SMS codes, and sign out (anyone)' },
  'account.manage': {
    uk: 'Налаштувати сповіщення, підтвердити свою ел. пошту чи видалити свій обліковий запис (увійшовши, лише свій)',
    en: 'Set one’s notifications, confirm one’s e-mail or delete one’s account (signed in, one’s own only)',
  },
  'account.link-identity': {
    uk: 'Повʼязати свій обліковий запис рівня ел. пошти з особою через id.gov.ua (увійшовши з ел. поштою, лише свій)',
    en: 'Link one’s e-mail-level account to one’s identity through id.gov.ua (signed in by e-mail, one’s own only)',
  },
  'moderation.complain': { uk: 'Поскаржитися на допис чи коментар (увійшовши)', en: 'Report a post or comment (signed in)' },
  'moderation.hide': {
    uk: 'Приховати чи повернути допис, відхилити скаргу — будь-який модератор громади або національний модератор',
    en: 'Hide or restore content, dismiss a complaint (any moderator of the community, or the national moderator)',
  },
  'moderation.block': {
    uk: 'Обмежити в громаді людину, що брала в ній участь, чи зняти обмеження — будь-який модератор громади або національний модератор',
    en: 'Block in the community someone who took part in it, or unblock (any moderator of the community, or the national moderator)',
  },
  'residency.choose': {
    uk: 'Обрати свій населений пункт серед тих, що відповідають адресі, чи попросити громаду підтвердити проживання (увійшовши, лише своє)',
    en: 'Choose one’s settlement among those the address fits, or ask a community to confirm one’s residence (signed in, one’s own only)',
  },
  'residency.decide': {
    uk: 'Підтвердити чи відхилити запит на підтвердження проживання — будь-який модератор чи адміністратор громади або національний модератор',
    en: 'Confirm or refuse a request to confirm residence (any moderator or the administrator of the community, or the national moderator)',
  },
  'follows.follow': {
    uk: 'Стежити ел. поштою за громадою, її розділом чи записом, змінити частоту листів чи перестати (увійшовши, з підтвердженою адресою, лише своє)',
    en: 'Follow a community, a section of it or an item by e-mail, change how often letters come, or stop (signed in, with a confirmed address, one’s own only)',
  },
  'follows.unsubscribe': {
    uk: 'Відписатися одним натиском за посиланням із листа (хто має посилання)',
    en: 'Unsubscribe in one click with the link from a letter (whoever holds the link)',
  },
  'demo.clock': { uk: 'Пересунути годинник демо вперед (лише в демо-режимі, увійшовши)', en: 'Move the demo clock forward (demo mode only, signed in)' },
};

/** Who declares a key: 'core', or the id of the module whose manifest does. */
export interface DeclaredPermission {
  owner: string;
  description: Text;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every declared key, the core's first, then each module's in the order given. A module's keys must be
 * named `<its id>.…`, and no key may be declared twice.
 */
export function declaredPermissions(modules: readonly ModuleManifest[]): Map<string, DeclaredPermission> {
  const out = new Map<string, DeclaredPermission>();
  const add = (owner: string, key: string, description: Text) => {
    if (out.has(key)) throw new Error(`permission «${key}» is declared twice (by ${out.get(key)!.owner} and ${owner})`);
    out.set(key, { owner, description });
  };
  for (const [key, description] of Object.entries(CORE_PERMISSIONS)) add('core', key, description);
  for (const m of modules) {
    for (const [key, description] of Object.entries(m.permissions ?? {})) {
      if (!key.startsWith(`${m.id}.`)) throw new Error(`module ${m.id} declares permission «${key}»: a module's keys start with «${m.id}.»`);
      add(m.id, key, description);
    }
  }
  return out;
}

/**
 * Makes the app refuse a state-changing route that names no permission, or one that neither the core nor
 * a module declares: thrown while the route is registered, so it shows at the first start or test.
 * Added before any route of the core or the modules is registered.
 */
export function enforcePermissionKeys(app: FastifyInstance, modules: readonly ModuleManifest[]): void {
  const declared = declaredPermissions(modules);
  app.addHook('onRoute', (r: RouteOptions) => {
    if (![r.method].flat().some((m) => STATE_CHANGING.has(m))) return;
    const key = r.config?.permission;
    const route = `${[r.method].flat().join(',')} ${r.url}`;
    if (!key) throw new Error(`${route} changes state but names no permission: add { config: { permission: '<key>' } } (see core/permissions/keys.ts)`);
    if (!declared.has(key)) throw new Error(`${route} names permission «${key}», which neither the core nor any module's manifest declares`);
  });
}
