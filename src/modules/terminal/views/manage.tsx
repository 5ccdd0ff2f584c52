/** The terminals' management page: the list with online, paper and activity, the key of a new one, the form. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { ActionButton, CsrfField, ErrorSummary, SelectField, SubmitButton, TextField, type FormState } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import type { CnapOfficeSummary } from '../../cnap/index.js';
import type { Terminal } from '../repository.js';
import { ACTIVITY_KINDS, isOnline, type ActivityKind, type PaperStatus } from '../rules.js';
import type { Text } from '../../../core/i18n/index.js';

export const terminalsBase = (c: Community) => `/${c.slug}/manage/terminals`;

const PAPER: Record<PaperStatus, Text> = {
  ok: { uk: 'є', en: 'fine' },
  low: { uk: 'закінчується', en: 'running low' },
  out: { uk: 'закінчився', en: 'out' },
  unknown: { uk: 'невідомо', en: 'unknown' },
};
const KIND: Record<ActivityKind, Text> = {
  start: { uk: 'початковий екран', en: 'start screen' },
  services: { uk: 'послуги', en: 'services' },
  offices: { uk: 'графік роботи', en: 'office hours' },
  ticket: { uk: 'талон', en: 'ticket' },
  booking: { uk: 'запис', en: 'booking' },
  participate: { uk: 'участь', en: 'take part' },
};

function TerminalRow(props: { p: PageCtx; c: Community; now: Date; t: Terminal; office: string | null; activity: Record<string, number> }): JSX.Element {
  const { p, t: term } = props;
  const online = !term.revokedAt && isOnline(term.lastSeenAt, props.now);
  const state = term.revokedAt ? tr(p, 'відкликано', 'revoked') : online ? tr(p, 'на звʼязку', 'online') : tr(p, 'не на звʼязку', 'offline');
  const counts = ACTIVITY_KINDS.filter((k) => props.activity[k]).map((k) => `${KIND[k][p.lang]}: ${props.activity[k]}`);
  return (
    <tr>
      <td>
        <strong safe>{term.name}</strong>
        <br />
        <span class="small" safe>
          {props.office ?? term.place}
        </span>
        <br />
        <span class="small" safe>{`vkt_${term.keyPrefix}_…`}</span>
      </td>
      <td>
        <span class={online ? 'terminal-online' : 'terminal-offline'} safe>
          {state}
        </span>
        <br />
        <span class="small">
          {term.lastSeenAt ? (
            <>
              {t(p, 'Останній сигнал:', 'Last heard:')} <span safe>{formatKyivDateTime(term.lastSeenAt, p.lang)}</span>
            </>
          ) : (
            t(p, 'Ще не виходив на звʼязок', 'Never heard from')
          )}
        </span>
      </td>
      <td safe>{PAPER[term.paper][p.lang]}</td>
      <td safe>{counts.length ? counts.join(', ') : tr(p, 'немає', 'none')}</td>
      <td>
        <a href={`${terminalsBase(props.c)}/${term.id}/sample-ticket`}>{t(p, 'Зразок талона', 'Sample ticket')}</a>
        {term.revokedAt ? (
          ''
        ) : (
          <ActionButton
            ctx={p}
            action={`${terminalsBase(props.c)}/${term.id}/revoke`}
            label={tr(p, `Відкликати «${term.name}»`, `Revoke «${term.name}»`)}
            variant="warning"
          />
        )}
      </td>
    </tr>
  );
}

export function TerminalsPage(props: {
  p: PageCtx;
  c: Community;
  now: Date;
  terminals: Terminal[];
  offices: CnapOfficeSummary[];
  activity: Map<number, Record<string, number>>;
  form: FormState;
  newKey: { id: number; name: string; key: string } | null;
  notice: string | null;
}): JSX.Element {
  const { p, c, form } = props;
  const officeName = (id: number | null) => props.offices.find((o) => o.id === id)?.name ?? null;
  const title = tr(p, 'Термінали самообслуговування', 'Self-service terminals');
  return (
    <Layout ctx={p} title={title} hasErrors={Object.keys(form.errors).length > 0}>
      <h1 safe>{title}</h1>
      {props.notice ? (
        <p class="notice success" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      {props.newKey ? (
        <section class="notice success" aria-labelledby="new-key">
          <h2 id="new-key" safe>
            {tr(p, `Термінал «${props.newKey.name}» зареєстровано`, `Terminal «${props.newKey.name}» is registered`)}
          </h2>
          <p>
            {t(
              p,
              'Ключ пристрою показано лише цього разу: зберігаємо тільки його відбиток. Відкрийте на терміналі адресу кіоску й уведіть ключ:',
              'The device key is shown this once only: we keep just its fingerprint. Open the kiosk address on the terminal and enter the key:',
            )}
          </p>
          <p>
            <code class="device-key" safe>
              {props.newKey.key}
            </code>
          </p>
          <p>
            {t(p, 'Адреса кіоску:', 'Kiosk address:')} <code safe>{`${p.publicUrl}/${c.slug}/kiosk`}</code>
          </p>
        </section>
      ) : (
        ''
      )}
      <p>
        {t(
          p,
          'Термінал «на звʼязку», якщо його сторінка подавала сигнал протягом останніх двох хвилин. Активність — відкриті екрани за сім днів, без жодних особистих даних.',
          'A terminal is «online» if its page has sent a heartbeat in the last two minutes. Activity is the screens opened in seven days, with no personal data.',
        )}
      </p>
      {props.terminals.length ? (
        <div class="table-wrap">
          <table>
            <caption>{t(p, 'Зареєстровані термінали', 'Registered terminals')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(p, 'Термінал', 'Terminal')}</th>
                <th scope="col">{t(p, 'Звʼязок', 'Connection')}</th>
                <th scope="col">{t(p, 'Папір', 'Paper')}</th>
                <th scope="col">{t(p, 'Активність за 7 днів', 'Activity, 7 days')}</th>
                <th scope="col">{t(p, 'Дії', 'Actions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.terminals.map((term) => (
                <TerminalRow p={p} c={c} now={props.now} t={term} office={officeName(term.officeId)} activity={props.activity.get(term.id) ?? {}} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(p, 'Терміналів ще немає.', 'No terminals yet.')}</p>
      )}
      <h2 id="register">{t(p, 'Зареєструвати термінал', 'Register a terminal')}</h2>
      <ErrorSummary ctx={p} errors={form.errors} />
      <form method="post" action={terminalsBase(c)} novalidate>
        <CsrfField ctx={p} />
        <TextField
          ctx={p}
          name="name"
          label={tr(p, 'Назва', 'Name')}
          form={form}
          maxlength={120}
          hint={tr(p, 'Напр. «Зал ЦНАП, вхід 1»', 'E.g. «ЦНАП hall, entrance 1»')}
        />
        <TextField
          ctx={p}
          name="place"
          label={tr(p, 'Де стоїть', 'Where it stands')}
          form={form}
          maxlength={200}
          hint={tr(p, 'Адреса або приміщення', 'Address or room')}
        />
        <SelectField
          ctx={p}
          name="office_id"
          label={tr(p, 'Офіс ЦНАП (необовʼязково)', 'ЦНАП office (optional)')}
          form={form}
          options={[
            { value: '', label: tr(p, '— не в офісі ЦНАП —', '— not in a ЦНАП office —') },
            ...props.offices.map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <SelectField
          ctx={p}
          name="codepage"
          label={tr(p, 'Кодова сторінка принтера', 'Printer’s code page')}
          form={form}
          hint={tr(p, 'Як налаштовано термопринтер ESC/POS: зазвичай PC866', 'As the ESC/POS thermal printer is set: usually PC866')}
          options={[
            { value: 'cp866', label: 'PC866' },
            { value: 'windows1251', label: 'WPC1251' },
          ]}
        />
        <SubmitButton>{t(p, 'Зареєструвати', 'Register')}</SubmitButton>
      </form>
    </Layout>
  );
}
