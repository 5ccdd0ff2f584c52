/** The platform home, the community home and the community switcher. */
import { CalendarLink } from '../feeds/links.js';
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { communityTotals, listOblasts, searchCommunities } from './communities-repository.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { followState } from '../follows/state.js';
import { FollowBox } from '../follows/views.js';
import { Layout } from '../views/layout.js';
import { t, tr } from '../views/page-context.js';
import { TOOLS, TOOL_IDS } from '../tools.js';
import { plural } from '../i18n/index.js';
import { communityOr404, queryString } from '../http/route-helpers.js';
import { oblastLabel, SIGN_IN_POLICY_CHANGED } from './community.js';
import { formatKyivDate } from '../calendar/index.js';
import { FigureItem } from '../views/kit.js';
import type { LiveSummary } from '../modules/manifest.js';
import { SubmitButton } from '../views/forms.js';

export function registerCommunityRoutes(app: FastifyInstance, ctx: CoreContext): void {
  app.get('/', { config: { pageCache: true } }, async (req, reply) => {
    const q = queryString(req, 'q');
    const oblast = queryString(req, 'oblast');
    const [list, oblasts, totals] = await Promise.all([searchCommunities(ctx.db, { q, oblast }), listOblasts(ctx.db), communityTotals(ctx.db)]);
    const stats = (await Promise.all(ctx.modules.map((m) => m.statistics?.(ctx, { communityId: null }) ?? []))).flat();
    const p = await pageCtx(ctx, req);
    const html = (
      <Layout ctx={p} title={tr(p, 'Електронна демократія для громад', 'E-democracy for communities')}>
        <h1>{t(p, 'Віче: електронна демократія для громад', 'Viche: e-democracy for communities')}</h1>
        <p class="lead">
          {t(
            p,
            'Один обліковий запис — усі громади: петиції, консультації, громадський бюджет, шкільний бюджет і відкрите місто.',
            'One account for every community: petitions, consultations, participatory and school budgets, and Open City.',
          )}
        </p>
        <p>
          <a class="button" href="#communities">
            {t(p, 'Знайти свою громаду', 'Find your community')}
          </a>
        </p>
        <ul class="figures" aria-label={tr(p, 'Головні показники', 'Headline figures')}>
          <FigureItem
            ctx={p}
            value={totals.communities}
            noun={{ uk: ['підключена громада', 'підключені громади', 'підключених громад'], en: ['connected community', 'connected communities'] }}
          />
          <FigureItem
            ctx={p}
            value={totals.population}
            noun={{ uk: ['мешканець у них', 'мешканці у них', 'мешканців у них'], en: ['resident in them', 'residents in them'] }}
          />
          <FigureItem ctx={p} value={totals.users} noun={{ uk: ['користувач', 'користувачі', 'користувачів'], en: ['user', 'users'] }} />
          {stats.map((s) => (
            <FigureItem ctx={p} value={s.value} label={s.label} />
          ))}
        </ul>
        <h2>{t(p, 'Шість інструментів', 'Six tools')}</h2>
        <ul class="cards tools-list">
          {TOOL_IDS.map((id) => (
            <li class="card">
              <h3 safe>{TOOLS[id].name[p.lang]}</h3>
              <p safe>{TOOLS[id].summary[p.lang]}</p>
            </li>
          ))}
        </ul>
        <h2 id="communities">{t(p, 'Громади на платформі', 'Communities on the platform')}</h2>
        <form method="get" action="/#communities" role="search" class="search-form" novalidate>
          <div class="field">
            <label for="q">{t(p, 'Назва громади', 'Community name')}</label>
            <input id="q" name="q" type="search" value={q} />
          </div>
          <div class="field">
            <label for="oblast">{t(p, 'Область', 'Oblast')}</label>
            <select id="oblast" name="oblast">
              <option value="">{t(p, 'Усі області', 'All oblasts')}</option>
              {oblasts.map((o) => (
                <option value={o.uk} selected={o.uk === oblast || o.en === oblast} safe>
                  {p.lang === 'uk' ? `${o.uk} область` : `${o.en} Oblast`}
                </option>
              ))}
            </select>
          </div>
          <SubmitButton>{t(p, 'Шукати', 'Search')}</SubmitButton>
        </form>
        <p role="status" safe>
          {q || oblast
            ? plural(list.length, { uk: ['громада знайдена', 'громади знайдено', 'громад знайдено'], en: ['community found', 'communities found'] }, p.lang)
            : plural(list.length, { uk: ['громада', 'громади', 'громад'], en: ['community', 'communities'] }, p.lang)}
        </p>
        <ul class="community-list">
          {list.map((c) => (
            <li>
              <a href={`/${c.slug}`} safe>
                {c.name[p.lang]}
              </a>
              <span class="meta" safe>
                {oblastLabel(c, p.lang)} · {plural(c.population, { uk: ['мешканець', 'мешканці', 'мешканців'], en: ['resident', 'residents'] }, p.lang)}
              </span>
            </li>
          ))}
        </ul>
      </Layout>
    );
    return sendHtml(reply, await html);
  });

  app.get('/go', async (req, reply) => {
    const slug = queryString(req, 'community');
    return reply.redirect(/^[a-z0-9-]+$/.test(slug) ? `/${slug}` : '/', 303);
  });

  app.get<{ Params: { slug: string } }>('/:slug', { config: { pageCache: true } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const p = await pageCtx(ctx, req, c);
    const summaries: { tool: string; summary: LiveSummary | null; href: string }[] = [];
    for (const id of c.enabledTools) {
      const m = ctx.modules.find((x) => x.tool === id);
      summaries.push({
        tool: id,
        // A paused community collects nothing: no «збирає підписи» beside its notice of suspension.
        summary: m?.liveSummary && c.status === 'connected' ? await m.liveSummary(ctx, c, p.lang) : null,
        href: m?.navigation?.[0] ? `/${c.slug}${m.navigation[0].path}` : '',
      });
    }
    // Residents are told, with the date, whenever the community allowed or forbade the weaker sign-in.
    const policyChanges = await ctx.db
      .selectFrom('audit_log')
      .select(['after', 'created_at'])
      .where('community_id', '=', c.id)
      .where('action', '=', SIGN_IN_POLICY_CHANGED)
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    const follow = await followState(ctx, req, c);
    const html = (
      <Layout ctx={p} title={c.name[p.lang]}>
        <div class="community-head">
          {c.coatOfArmsUrl ? <img src={c.coatOfArmsUrl} alt={tr(p, 'Герб громади', 'Coat of arms')} width="64" height="64" /> : ''}
          <div>
            <h1 safe>{c.name[p.lang]}</h1>
            <p class="meta" safe>
              {[
                oblastLabel(c, p.lang) + (c.raion[p.lang] ? `, ${c.raion[p.lang]} ${tr(p, 'район', 'Raion')}` : ''),
                plural(c.population, { uk: ['мешканець', 'мешканці', 'мешканців'], en: ['resident', 'residents'] }, p.lang),
              ].join(' · ')}
            </p>
          </div>
        </div>
        <FollowBox p={p} state={follow} />
        {c.status === 'suspended' ? (
          <div class="notice warning" role="status">
            {t(
              p,
              'Участь у цій громаді тимчасово призупинено: нові підписи, голоси й дописи не приймаються. Усе опубліковане лишається доступним.',
              'Participation in this community is suspended: no new signatures, votes or posts. Everything published stays available.',
            )}
          </div>
        ) : (
          ''
        )}
        {policyChanges.length ? (
          <ul class="notice-list sign-in-policy-changes">
            {policyChanges.map((x) => {
              const after = (typeof x.after === 'string' ? JSON.parse(x.after) : x.after) as { signInPolicy?: string } | null;
              const allowed = after?.signInPolicy === 'idgovua_or_email';
              return (
                <li class="notice" safe>
                  {`${formatKyivDate(x.created_at, p.lang)}: ${
                    allowed
                      ? tr(
                          p,
                          'Громада дозволила вхід з e-mail і телефоном (без id.gov.ua).',
                          'The community allowed signing in with e-mail and phone (without id.gov.ua).',
                        )
                      : tr(
                          p,
                          'Громада заборонила вхід з e-mail і телефоном: лише id.gov.ua.',
                          'The community stopped signing in with e-mail and phone: id.gov.ua only.',
                        )
                  }`}
                </li>
              );
            })}
          </ul>
        ) : (
          ''
        )}
        <h2>{t(p, 'Інструменти громади', 'Community tools')}</h2>
        <ul class="cards">
          {summaries.map((s) => (
            <li class="card">
              <h3>
                {s.href ? (
                  <a href={s.href} safe>
                    {TOOLS[s.tool as keyof typeof TOOLS].name[p.lang]}
                  </a>
                ) : (
                  <span safe>{TOOLS[s.tool as keyof typeof TOOLS].name[p.lang]}</span>
                )}
              </h3>
              <p safe>{TOOLS[s.tool as keyof typeof TOOLS].summary[p.lang]}</p>
              {s.summary ? (
                <ul class="live">
                  {s.summary.lines.map((l) => (
                    <li safe>{l}</li>
                  ))}
                </ul>
              ) : (
                <p class="meta">
                  {s.href
                    ? t(p, 'Зараз нічого не відбувається.', 'Nothing is going on right now.')
                    : t(p, 'Незабаром на платформі.', 'Coming to the platform soon.')}
                </p>
              )}
            </li>
          ))}
        </ul>
        <CalendarLink ctx={p} href={`/${c.slug}/calendar.ics`} what={tr(p, 'усі майбутні терміни громади', 'all upcoming deadlines of the community')} />
        {Object.values(c.contacts).some(Boolean) ? (
          <>
            <h2>{t(p, 'Контакти', 'Contacts')}</h2>
            <dl class="contacts">
              {c.contacts.address ? (
                <>
                  <dt>{t(p, 'Адреса', 'Address')}</dt>
                  <dd safe>{c.contacts.address}</dd>
                </>
              ) : (
                ''
              )}
              {c.contacts.phone ? (
                <>
                  <dt>{t(p, 'Телефон', 'Phone')}</dt>
                  <dd safe>{c.contacts.phone}</dd>
                </>
              ) : (
                ''
              )}
              {c.contacts.email ? (
                <>
                  <dt>{t(p, 'Ел. пошта', 'E-mail')}</dt>
                  <dd safe>{c.contacts.email}</dd>
                </>
              ) : (
                ''
              )}
              {c.contacts.website ? (
                <>
                  <dt>{t(p, 'Сайт', 'Website')}</dt>
                  <dd>
                    <a href={c.contacts.website} rel="noopener" safe>
                      {c.contacts.website}
                    </a>
                  </dd>
                </>
              ) : (
                ''
              )}
            </dl>
          </>
        ) : (
          ''
        )}
      </Layout>
    );
    return sendHtml(reply, await html);
  });
}
