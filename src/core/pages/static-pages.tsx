/** About, accessibility statement, language switch. */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { cookieOptions, LANG_COOKIE, pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr } from '../views/page-context.js';
import { isLang } from '../i18n/index.js';
import { queryString } from '../http/route-helpers.js';
import { safeReturnTo } from '../auth/return-to.js';

export function registerStaticPages(app: FastifyInstance, ctx: CoreContext): void {
  app.get<{ Params: { lang: string } }>('/lang/:lang', async (req, reply) => {
    const lang = isLang(req.params.lang) ? req.params.lang : 'uk';
    reply.setCookie(LANG_COOKIE, lang, cookieOptions(ctx, 365 * 86_400));
    if (req.viewer) await ctx.db.updateTable('users').set({ lang }).where('id', '=', req.viewer.id).execute();
    return reply.redirect(safeReturnTo(queryString(req, 'return')), 303);
  });

  app.get('/about', async (req, reply) => {
    const p = await pageCtx(ctx, req);
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, 'Про платформу', 'About')}>
          <h1>{t(p, 'Про платформу «Віче»', 'About Viche')}</h1>
          <p>
            {t(
              p,
              'Віче — відкрита платформа місцевої електронної демократії для територіальних громад України: місцеві петиції, консультації з громадськістю, громадський і шкільний бюджети, «Відкрите місто» та статистика — в одному місці, з одним обліковим записом.',
              'Viche is an open platform of local e-democracy for the territorial communities of Ukraine: local petitions, public consultations, participatory and school budgets, Open City and statistics, in one place with one account.',
            )}
          </p>
          <h2>{t(p, 'Довіра', 'Trust')}</h2>
          <ul>
            <li>
              {t(
                p,
                'Одна особа — один підпис, один голос: це забезпечує сама база даних.',
                'One person, one signature, one vote: the database itself enforces it.',
              )}
            </li>
            <li>{t(p, 'РНОКПП не зберігається, лише його ключований відбиток.', 'Tax numbers are not stored, only their keyed fingerprint.')}</li>
            <li>
              {t(p, 'Кожна дія модератора записується в журнал, який неможливо змінити.', 'Every moderator act is written to a log that cannot be changed.')}
            </li>
            <li>{t(p, 'Усі публічні дані доступні через відкритий API.', 'All public data is available through the open API.')}</li>
          </ul>
        </Layout>
      ),
    );
  });

  app.get('/accessibility', async (req, reply) => {
    const p = await pageCtx(ctx, req);
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, 'Заява про доступність', 'Accessibility statement')}>
          <h1>{t(p, 'Заява про доступність', 'Accessibility statement')}</h1>
          <p>
            {t(
              p,
              'Ми прагнемо відповідати ДСТУ EN 301 549 і WCAG 2.2 рівня AA. Кожну сторінку, яку відвідують наші автоматичні браузерні тести, перевіряє axe-core; серйозних і критичних порушень там немає.',
              'We aim to meet DSTU EN 301 549 and WCAG 2.2 level AA. Every page our automated browser tests visit is checked with axe-core and shows no serious or critical violations.',
            )}
          </p>
          <h2>{t(p, 'Що вже виконано', 'What is met')}</h2>
          <ul>
            <li>
              {t(
                p,
                'Усі форми працюють без JavaScript; помилки показано біля полів і у зведенні вгорі.',
                'Every form works without JavaScript; errors are shown next to fields and in a summary at the top.',
              )}
            </li>
            <li>
              {t(
                p,
                'Посилання «Перейти до основного вмісту», видимий фокус, мова сторінки позначена.',
                'A skip link, visible focus, and the page language is marked.',
              )}
            </li>
            <li>{t(p, 'Сторінки пристосовано до екранів від 320 пікселів.', 'Pages fit screens from 320 pixels wide.')}</li>
          </ul>
          <h2>{t(p, 'Що ще не виконано', 'What is not yet met')}</h2>
          <ul>
            <li>{t(p, 'Ручну перевірку з програмами зчитування з екрана ще не проведено.', 'No manual check with screen readers has been done yet.')}</li>
            <li>{t(p, 'Вкладені документи (PDF) громад можуть бути недоступними.', 'Documents (PDF) attached by communities may not be accessible.')}</li>
            <li>
              {t(
                p,
                'На мапі «Відкритого міста» позначки можуть стояти ближче за 24 пікселі одна від одної; усі звернення доступні у списку.',
                'On the Open City map markers may be closer than 24 pixels apart; every report is in the list.',
              )}
            </li>
          </ul>
          <p>
            {t(
              p,
              'Помітили перешкоду? Напишіть модератору своєї громади — ми виправимо.',
              'Found a barrier? Write to the moderator of your community and we will fix it.',
            )}
          </p>
        </Layout>
      ),
    );
  });
}
