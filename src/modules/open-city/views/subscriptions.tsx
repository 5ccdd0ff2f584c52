/** A person's subscriptions and leaving one by a letter's link. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton } from '../../../core/views/forms.js';
import type { Community } from '../../../core/communities/community.js';
import type { Subscription } from '../repository.js';
import { AreaSubscribeForm, base, SubNav } from './parts.js';

/* ---------- subscriptions ---------- */

export function SubscriptionsPage(props: { p: PageCtx; c: Community; subs: Subscription[]; flash: string; staff: boolean; moderator: boolean }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Мої підписки', 'My subscriptions')}>
      <h1>{t(p, 'Мої підписки', 'My subscriptions')}</h1>
      <SubNav p={p} c={c} current="subscriptions" staff={props.staff} moderator={props.moderator} />
      {props.flash ? (
        <div class="notice" role="status">
          <p safe>{props.flash}</p>
        </div>
      ) : (
        ''
      )}
      {props.subs.length === 0 ? (
        <p>
          {t(
            p,
            'Ви ще ні за чим не стежите. Підписатися можна на сторінці звернення або на мапі (район).',
            'You follow nothing yet. Subscribe on a report page, or on the map (an area).',
          )}
        </p>
      ) : (
        <ul class="cards">
          {props.subs.map((s) => (
            <li class="card">
              {s.reportId ? (
                <p>
                  <a href={`${base(c)}/reports/${s.reportId}`} safe>
                    {`${tr(p, 'Звернення', 'Report')} №${s.reportNumber ?? s.reportId}`}
                  </a>
                </p>
              ) : (
                <p safe>{`${tr(p, 'Район', 'Area')}: ${s.center!.lat.toFixed(5)}, ${s.center!.lng.toFixed(5)} · ${s.radiusM} ${tr(p, 'м', 'm')}`}</p>
              )}
              <p class="meta" safe>
                {s.email}
              </p>
              <ActionButton ctx={p} action={`${base(c)}/unsubscribe/${s.token}`} label={tr(p, 'Відписатися', 'Unsubscribe')} variant="secondary" />
            </li>
          ))}
        </ul>
      )}
      <AreaSubscribeForm p={p} c={c} center={null} />
    </Layout>
  );
}

export function UnsubscribePage(props: { p: PageCtx; c: Community; sub: Subscription | null; done: boolean }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Відписка', 'Unsubscribe')}>
      <h1>{t(p, 'Відписка від листів', 'Unsubscribe from e-mails')}</h1>
      {props.done ? (
        <p role="status">{t(p, 'Готово: листів за цією підпискою більше не буде.', 'Done: no more e-mails for this subscription.')}</p>
      ) : props.sub ? (
        <>
          <p safe>
            {props.sub.reportId
              ? `${tr(p, 'Звернення', 'Report')} №${props.sub.reportNumber ?? props.sub.reportId} · ${props.sub.email}`
              : `${tr(p, 'Район', 'Area')} · ${props.sub.email}`}
          </p>
          <ActionButton ctx={p} action={`${base(c)}/unsubscribe/${props.sub.token}`} label={tr(p, 'Відписатися', 'Unsubscribe')} />
        </>
      ) : (
        <p>{t(p, 'Такої підписки немає: можливо, ви вже відписалися.', 'There is no such subscription: you may have unsubscribed already.')}</p>
      )}
    </Layout>
  );
}
