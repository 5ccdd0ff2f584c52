/** Pages of the budget moderator: voting channels (API keys) and the Pabulib tally tool. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, CsrfField, ErrorSummary, FileField, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import { CHANNEL_LABELS } from '../rules.js';
import type { VotingChannel } from '../repository/channels.js';
import { manageBase } from './parts.js';
import type { TallyResult } from '../tally/index.js';

const has = (f: FormState) => Object.keys(f.errors).length > 0;

export function ChannelsPage(props: { p: PageCtx; c: Community; channels: VotingChannel[]; form: FormState; newKey: string | null }): JSX.Element {
  const { p, c, form } = props;
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={tr(p, 'Термінали й чат-боти', 'Terminals and chat-bots')} hasErrors={has(form)}>
      <p class="meta">
        <a href={manageBase(c)}>{t(p, 'Громадський бюджет: керування', 'Participatory budget: management')}</a>
      </p>
      <h1>{t(p, 'Термінали й чат-боти', 'Terminals and chat-bots')}</h1>
      <p>
        {t(
          p,
          'Кожен канал голосування отримує ключ API для цієї громади. Ключ показуємо один раз; зберігаємо лише його хеш. Документація — ',
          'Every voting channel gets an API key for this community. The key is shown once; only its hash is stored. Documentation — ',
        )}
        <a href="/api/docs">/api/docs</a>
      </p>
      {props.newKey ? (
        <div class="notice" role="status">
          <p>{t(p, 'Новий ключ (скопіюйте зараз, більше його не покажемо):', 'New key (copy it now; it will not be shown again):')}</p>
          <p>
            <code class="budget-key" safe>
              {props.newKey}
            </code>
          </p>
        </div>
      ) : (
        ''
      )}
      <ul class="queue">
        {props.channels.map((ch) => (
          <li>
            <strong safe>{ch.name}</strong>{' '}
            <span class="meta" safe>
              {`${CHANNEL_LABELS[ch.kind]?.[p.lang] ?? ch.kind} · vbc_${ch.keyPrefix}_… · ${ch.revokedAt ? tr(p, `відкликано ${formatKyivDateTime(ch.revokedAt, 'uk')}`, `revoked ${formatKyivDateTime(ch.revokedAt, 'en')}`) : tr(p, 'діє', 'active')}`}
            </span>
            {ch.revokedAt ? (
              ''
            ) : (
              <ActionButton ctx={p} action={`${manageBase(c)}/channels/${ch.id}/revoke`} label={tr(p, 'Відкликати ключ', 'Revoke the key')} variant="warning" />
            )}
          </li>
        ))}
      </ul>
      <form method="post" action={`${manageBase(c)}/channels`} novalidate class="stack">
        <CsrfField ctx={p} />
        <h2>{t(p, 'Новий канал', 'New channel')}</h2>
        <ErrorSummary ctx={p} errors={form.errors} />
        <field.Text name="name" label={tr(p, 'Назва (наприклад, «Термінал у ЦНАП»)', 'Name (e.g. «Terminal at the service centre»)')} maxlength={100} />
        <field.Select
          name="kind"
          label={tr(p, 'Вид', 'Kind')}
          options={[
            { value: 'terminal', label: tr(p, 'Термінал', 'Terminal') },
            { value: 'chatbot', label: tr(p, 'Чат-бот', 'Chat-bot') },
          ]}
        />
        <SubmitButton>{t(p, 'Створити ключ', 'Create a key')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function PabulibPage(props: {
  p: PageCtx;
  c: Community;
  error: string | null;
  result: { meta: Record<string, string>; tally: TallyResult; names: Map<string, string> } | null;
}): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Аналіз файлу Pabulib', 'Analyse a Pabulib file')} hasErrors={!!props.error}>
      <p class="meta">
        <a href={manageBase(c)}>{t(p, 'Громадський бюджет: керування', 'Participatory budget: management')}</a>
      </p>
      <h1>{t(p, 'Аналіз файлу Pabulib', 'Analyse a Pabulib file')}</h1>
      <p>
        {t(
          p,
          'Завантажте результати минулого конкурсу у форматі Pabulib (.pb): порахуємо переможців за правилом із файлу.',
          'Upload a past contest as a Pabulib (.pb) file: we count the winners by the rule in the file.',
        )}
      </p>
      {props.error ? (
        <div class="error-summary" role="alert" tabindex="-1">
          <h2>{t(p, 'Файл не прочитано', 'The file could not be read')}</h2>
          <p>
            <a href="#pbfile" safe>
              {props.error}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={`${manageBase(c)}/pabulib`} enctype="multipart/form-data" novalidate class="stack">
        <CsrfField ctx={p} />
        <FileField ctx={p} name="file" id="pbfile" label={tr(p, 'Файл .pb', '.pb file')} accept=".pb,text/plain" />
        <SubmitButton>{t(p, 'Порахувати', 'Count')}</SubmitButton>
      </form>
      {props.result ? (
        <section>
          <h2 safe>{props.result.meta.description ?? props.result.meta.unit ?? ''}</h2>
          <p safe>
            {tr(
              p,
              `Правило: ${props.result.tally.rule}; переможців: ${props.result.tally.winners.length}`,
              `Rule: ${props.result.tally.rule}; winners: ${props.result.tally.winners.length}`,
            )}
          </p>
          <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'Результати підрахунку', 'Count results')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(p, 'Місце', 'Place')}</th>
                  <th scope="col">{t(p, 'Проєкт', 'Project')}</th>
                  <th scope="col">{t(p, 'Голосів', 'Votes')}</th>
                  <th scope="col">{t(p, 'Результат', 'Outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {props.result.tally.projects.map((r) => (
                  <tr>
                    <td safe>{String(r.rank)}</td>
                    <td safe>{`${r.id} ${props.result!.names.get(r.id) ?? ''}`}</td>
                    <td safe>{r.votes.toString()}</td>
                    <td safe>{r.verdict.status === 'funded' ? tr(p, 'Профінансовано', 'Funded') : tr(p, 'Ні', 'No')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
