/** `/manage`: the national moderator's platform management, and for everyone else the way to their own work. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { plural } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';

export interface PlatformLink {
  href: string;
  label: string;
  meta: string;
}

export function PlatformPage({ p, links, communities }: { p: PageCtx; links: PlatformLink[]; communities: Community[] }): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Керування платформою', 'Manage the platform')}>
      <h1>{t(p, 'Керування платформою', 'Manage the platform')}</h1>
      <ul class="cards">
        {links.map((l) => (
          <li class="card">
            <h2>
              <a href={l.href} safe>
                {l.label}
              </a>
            </h2>
            {l.meta ? (
              <p class="meta" safe>
                {l.meta}
              </p>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
      <h2>{t(p, 'Керування громадами', 'Manage a community')}</h2>
      <ul>
        {communities.map((c) => (
          <li>
            <a href={`/${c.slug}/manage`} safe>
              {c.name[p.lang]}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** Someone who is not the national moderator: the communities where they have work, or why there is none. */
export function MyManagementPage({ p, communities }: { p: PageCtx; communities: Community[] }): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Керування', 'Management')}>
      <h1>{t(p, 'Керування', 'Management')}</h1>
      {communities.length ? (
        <>
          <p>
            {t(
              p,
              'Керування платформою — справа національного модератора. Ваша робота — у',
              'Managing the platform is the national moderator’s job. Your work is in',
            )}{' '}
            <span safe>{plural(communities.length, { uk: ['громаді', 'громадах', 'громадах'], en: ['community', 'communities'] }, p.lang)}</span>:
          </p>
          <ul>
            {communities.map((c) => (
              <li>
                <a href={`/${c.slug}/manage`} safe>
                  {`${c.name[p.lang]}: ${tr(p, 'керування громадою', 'manage the community')}`}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>
          {t(
            p,
            'Ця сторінка — для модераторів. У вас немає ролі модератора чи адміністратора в жодній громаді; щоб її отримати, зверніться до ради своєї громади.',
            'This page is for moderators. You have no moderator or administrator role in any community; to get one, ask your community’s council.',
          )}
        </p>
      )}
      <p>
        <a href="/cabinet">{t(p, 'До мого кабінету', 'To my cabinet')}</a>
      </p>
    </Layout>
  );
}
