/**
 * Following's pieces of pages: the box on a community's home, a tool's list and an item's page (a
 * button that works without JavaScript, or what to do first), the cabinet's list, and the unsubscribe
 * confirmation. A signed-out person sees a sign-in link, never a button that would be refused.
 */
import type { FollowFrequency } from '../db/schema.js';
import type { Text } from '../i18n/index.js';
import { ActionButton, CsrfField, SelectField, SubmitButton } from '../views/forms.js';
import { Layout } from '../views/layout.js';
import { t, tr, type PageCtx } from '../views/page-context.js';
import type { FollowListRow } from './repository.js';
import { FREQUENCIES, FREQUENCY_LABELS, type FollowTarget } from './rules.js';

/** What the follow box of a page shows this person (core/follows/state.ts computes it). */
export type FollowState =
  | { kind: 'signed-out'; returnTo: string }
  | { kind: 'unconfirmed'; returnTo: string }
  | { kind: 'can-follow'; slug: string; target: FollowTarget; returnTo: string }
  | { kind: 'following'; followId: number; frequency: FollowFrequency; returnTo: string };

const WHAT: Record<'community' | 'tool' | 'item', Text> = {
  community: { uk: 'Стежити за громадою', en: 'Follow the community' },
  tool: { uk: 'Стежити за розділом', en: 'Follow this section' },
  item: { uk: 'Стежити за цим', en: 'Follow this' },
};

function whatOf(target: FollowTarget): 'community' | 'tool' | 'item' {
  return target.tool === '' ? 'community' : target.item === '' ? 'tool' : 'item';
}

function frequencyOptions(p: PageCtx): { value: string; label: string }[] {
  return FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_LABELS[f][p.lang] }));
}

/** The follow box: a sign-in link, a link to confirm the address, the follow form, or what is followed. */
export function FollowBox({ p, state }: { p: PageCtx; state: FollowState }): JSX.Element {
  if (state.kind === 'signed-out') {
    return (
      <p class="follow-box">
        <a href={`/auth/sign-in?return=${encodeURIComponent(state.returnTo)}`}>
          {t(p, 'Увійдіть, щоб стежити за новинами ел. поштою', 'Sign in to follow updates by e-mail')}
        </a>
      </p>
    );
  }
  if (state.kind === 'unconfirmed') {
    return (
      <p class="follow-box">
        {t(p, 'Щоб стежити за новинами ел. поштою, ', 'To follow updates by e-mail, ')}
        <a href={`/cabinet/email?return=${encodeURIComponent(state.returnTo)}`}>{t(p, 'підтвердьте свою адресу', 'confirm your address')}</a>.
      </p>
    );
  }
  if (state.kind === 'following') {
    return (
      <div class="follow-box" role="status">
        <p>
          {t(p, 'Ви стежите за цим; листи: ', 'You follow this; letters: ')}
          <span safe>{FREQUENCY_LABELS[state.frequency][p.lang]}</span>. <a href="/cabinet#follows">{t(p, 'Змінити', 'Change')}</a>
        </p>
        <ActionButton
          ctx={p}
          action={`/cabinet/follows/${state.followId}/delete`}
          label={tr(p, 'Не стежити', 'Unfollow')}
          fields={{ return: state.returnTo }}
          variant="secondary"
        />
      </div>
    );
  }
  return (
    <form method="post" action={`/${state.slug}/follow`} class="follow-box stack" novalidate>
      <CsrfField ctx={p} />
      <input type="hidden" name="tool" value={state.target.tool} />
      <input type="hidden" name="item" value={state.target.item} />
      <input type="hidden" name="return" value={state.returnTo} />
      <SelectField
        ctx={p}
        form={{ values: { frequency: 'instant' }, errors: {} }}
        name="frequency"
        label={tr(p, 'Листи про новини', 'Letters about updates')}
        options={frequencyOptions(p)}
      />
      <SubmitButton variant="secondary">{t(p, WHAT[whatOf(state.target)].uk, WHAT[whatOf(state.target)].en)}</SubmitButton>
    </form>
  );
}

/** «Я стежу»: every follow with its frequency and an unfollow button. */
export function FollowsSection({ p, follows, toolName }: { p: PageCtx; follows: FollowListRow[]; toolName: (id: string) => string }): JSX.Element {
  return (
    <section>
      <h2 id="follows">{t(p, 'Я стежу', 'I follow')}</h2>
      {follows.length === 0 ? (
        <p class="meta">
          {t(
            p,
            'Ви ні за чим не стежите. Кнопка «Стежити» є на сторінці громади, її розділів, петицій, консультацій і проєктів.',
            'You follow nothing. The «Follow» button is on the pages of a community, its sections, petitions, consultations and projects.',
          )}
        </p>
      ) : (
        <ul class="follows">
          {follows.map((f) => {
            const community = p.lang === 'uk' ? f.name_uk : f.name_en;
            const label = f.tool === '' ? community : f.item === '' ? `${toolName(f.tool)} — ${community}` : `${f.title} — ${community}`;
            const href = f.tool === '' ? `/${f.slug}` : f.item === '' ? `/${f.slug}/${f.tool}` : f.path;
            const id = `frequency-${f.id}`;
            return (
              <li>
                <a href={href} safe>
                  {label}
                </a>
                <form method="post" action={`/cabinet/follows/${f.id}`} class="inline-form">
                  <CsrfField ctx={p} />
                  <label for={id}>{t(p, 'Листи', 'Letters')}</label>{' '}
                  <select id={id} name="frequency">
                    {frequencyOptions(p).map((o) => (
                      <option value={o.value} selected={o.value === f.frequency} safe>
                        {o.label}
                      </option>
                    ))}
                  </select>{' '}
                  <SubmitButton variant="secondary">{t(p, 'Зберегти', 'Save')}</SubmitButton>
                </form>
                <ActionButton
                  ctx={p}
                  action={`/cabinet/follows/${f.id}/delete`}
                  label={tr(p, 'Не стежити', 'Unfollow')}
                  fields={{ return: '/cabinet#follows' }}
                  variant="secondary"
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * The page a link in a letter opens: what would stop, and the button that stops it. A GET never
 * unsubscribes (link scanners open every link); the POST needs no session, the token is the authority.
 */
export function UnsubscribePage({ p, token, labels, done }: { p: PageCtx; token: string; labels: string[]; done: boolean }): JSX.Element {
  const title = done ? tr(p, 'Ви відписалися', 'You have unsubscribed') : tr(p, 'Відписатися від листів', 'Unsubscribe from letters');
  return (
    <Layout ctx={p} title={title}>
      <h1 safe>{title}</h1>
      {done ? (
        <p role="status">
          {t(
            p,
            'Листів про це більше не буде. Стежити знову можна на сторінці громади чи в ',
            'No more letters about this. You can follow again on the community page or in ',
          )}
          <a href="/cabinet#follows">{t(p, 'кабінеті', 'your cabinet')}</a>.
        </p>
      ) : labels.length === 0 ? (
        <p role="status">{t(p, 'Ви вже відписані: листів про це не буде.', 'You are already unsubscribed: no letters about this will come.')}</p>
      ) : (
        <>
          <p>{t(p, 'Ви більше не отримуватимете листів про:', 'You will no longer receive letters about:')}</p>
          <ul>
            {labels.map((l) => (
              <li safe>{l}</li>
            ))}
          </ul>
          <form method="post" action={`/unsubscribe/${token}`}>
            <SubmitButton variant="warning">{t(p, 'Відписатися', 'Unsubscribe')}</SubmitButton>
          </form>
        </>
      )}
    </Layout>
  );
}
