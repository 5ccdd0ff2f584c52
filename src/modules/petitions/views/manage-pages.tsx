/** The petitions moderator's pages: queue, one petition, settings. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { shownName } from '../../../core/users/public-name.js';
import { ActionButton, Checkbox, CsrfField, ErrorSummary, FileField, SubmitButton, fieldsFor } from '../../../core/views/forms.js';
import type { FormState } from '../../../core/views/forms.js';
import { ParticipationRulesFieldset } from '../../../core/views/kit.js';
import { formatKyivDateTime, kyivDateOf } from '../../../core/calendar/index.js';
import { formatNumber, plural, type PluralText } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { AbusePanel, Category, PetitionRow, SignatureRow } from '../repository.js';
import { DECISION_LABELS, invalidationReasonText, REJECTION_REASONS, rulesOfRow, type PetitionState } from '../rules.js';
import type { PetitionSettings } from '../settings.js';
import { deadlineText, StatusTag } from './parts.js';

const DAYS: PluralText = { uk: ['день', 'дні', 'днів'], en: ['day', 'days'] };
const WORKING_DAYS: PluralText = { uk: ['робочий день', 'робочі дні', 'робочих днів'], en: ['working day', 'working days'] };

/** A petition's own rules, fixed when it was submitted: shown read-only, with why they cannot change. */
function PetitionRulesList({ p, row }: { p: PageCtx; row: PetitionRow }): JSX.Element {
  const r = rulesOfRow(row);
  const yes = tr(p, 'так', 'yes');
  const no = tr(p, 'ні', 'no');
  return (
    <section aria-labelledby="petition-rules-title">
      <h2 id="petition-rules-title">{t(p, 'Правила цієї петиції', 'Rules of this petition')}</h2>
      <p>
        {t(
          p,
          'Правила закріплено в момент подання петиції (перший підпис — авторський) і змінити їх не можна: зміна налаштувань громади діє лише для нових петицій.',
          'The rules were fixed when the petition was submitted (the author’s signature is the first) and cannot change: a change of the community’s settings applies to new petitions only.',
        )}
      </p>
      <dl class="summary-list">
        <dt>{t(p, 'Поріг підписів', 'Signature threshold')}</dt>
        <dd safe>{formatNumber(r.signatureThreshold, p.lang)}</dd>
        <dt>{t(p, 'Строк збору', 'Collection term')}</dt>
        <dd safe>{plural(r.collectionDays, DAYS, p.lang)}</dd>
        <dt>{t(p, 'Строк розгляду', 'Consideration term')}</dt>
        <dd safe>{plural(r.considerationWorkingDays, WORKING_DAYS, p.lang)}</dd>
        <dt>{t(p, 'Збір після досягнення порогу', 'Collecting after the threshold')}</dt>
        <dd safe>{r.continueAfterThreshold ? yes : no}</dd>
        <dt>{t(p, 'Вхід поштою й телефоном', 'E-mail and phone sign-in')}</dt>
        <dd safe>{r.allowEmail ? tr(p, 'дозволено', 'allowed') : tr(p, 'ні, лише id.gov.ua', 'no, id.gov.ua only')}</dd>
        <dt>{t(p, 'Підписи через пошту й телефон до порогу', 'E-mail and phone signatures toward the threshold')}</dt>
        <dd safe>{r.emailCounts ? tr(p, 'зараховуються', 'count') : tr(p, 'не зараховуються (лише показуються)', 'do not count (shown only)')}</dd>
        <dt>{t(p, 'Лише мешканці громади', 'Residents only')}</dt>
        <dd safe>{r.residentsOnly ? yes : no}</dd>
        <dt>{t(p, 'Мінімальний вік', 'Minimum age')}</dt>
        <dd safe>{r.minAge === null ? tr(p, 'без обмеження', 'no limit') : String(r.minAge)}</dd>
      </dl>
    </section>
  );
}

export function QueuePage({
  p,
  c,
  queue,
  awaiting,
  now,
  cal,
  platform,
}: {
  p: PageCtx;
  c: Community | null;
  queue: (PetitionRow & { slug: string })[];
  awaiting: { row: PetitionRow; state: PetitionState }[];
  now: Date;
  cal: { martialLaw: boolean };
  platform: boolean;
}): JSX.Element {
  return (
    <Layout
      ctx={p}
      title={platform ? tr(p, 'Петиції: прострочена модерація', 'Petitions: overdue moderation') : tr(p, 'Модерація петицій', 'Petition moderation')}
    >
      <h1>{platform ? t(p, 'Петиції з простроченою модерацією', 'Petitions with overdue moderation') : t(p, 'Модерація петицій', 'Petition moderation')}</h1>
      {c ? (
        <p>
          <a href={`/${c.slug}/manage/petitions/settings`}>{t(p, 'Налаштування петицій громади', 'Petition settings of the community')}</a>
        </p>
      ) : (
        ''
      )}
      <h2>{t(p, 'На модерації', 'In moderation')}</h2>
      <p>{t(p, 'Впорядковано за строком модерації; прострочені позначено червоним.', 'Ordered by moderation deadline; overdue ones are marked red.')}</p>
      {queue.length === 0 ? <p>{t(p, 'Черга порожня.', 'The queue is empty.')}</p> : ''}
      <ul class="queue">
        {queue.map((r) => {
          const overdue = r.moderation_due_at.getTime() < now.getTime();
          return (
            <li class={`card${overdue ? ' overdue' : ''}`}>
              <h3>
                <a href={`/${r.slug}/manage/petitions/${r.id}`} safe>
                  {`№ ${r.number}. ${r.title}`}
                </a>
              </h3>
              <p class="meta" safe>
                {`${platform ? `${r.slug} · ` : ''}${tr(p, 'Подано', 'Submitted')} ${formatKyivDateTime(r.submitted_at, p.lang)} · ${tr(p, 'модерувати', 'moderate')} ${deadlineText(p, now, r.moderation_due_at, cal)}`}
              </p>
              {overdue ? <p class="error-message">{t(p, 'Строк модерації минув', 'Moderation is overdue')}</p> : ''}
            </li>
          );
        })}
      </ul>
      {!platform ? (
        <>
          <h2>{t(p, 'Чекають рішення ради', 'Waiting for the council')}</h2>
          {awaiting.length === 0 ? <p>{t(p, 'Немає.', 'None.')}</p> : ''}
          <ul class="queue">
            {awaiting.map(({ row: r, state: s }) => {
              const overdue = s.status === 'consideration' && !!s.considerationDueAt && s.considerationDueAt.getTime() < now.getTime();
              return (
                <li class={`card${overdue ? ' overdue' : ''}`}>
                  <h3>
                    <a href={`/${c!.slug}/manage/petitions/${r.id}`} safe>
                      {`№ ${r.number}. ${r.title}`}
                    </a>
                  </h3>
                  <p>
                    <StatusTag ctx={p} status={s.status} />
                  </p>
                  {s.status === 'consideration' && s.considerationDueAt ? (
                    <p class={overdue ? 'error-message' : 'meta'} safe>
                      {`${tr(p, 'Відповідь', 'Answer')} ${deadlineText(p, now, s.considerationDueAt, cal)}`}
                    </p>
                  ) : (
                    <p class="meta">{t(p, 'Зафіксуйте передачу на розгляд як звернення громадян.', 'Record that it was passed on as an individual appeal.')}</p>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export interface ManagePetitionProps {
  p: PageCtx;
  c: Community;
  row: PetitionRow;
  state: PetitionState;
  category: Category | undefined;
  now: Date;
  cal: { martialLaw: boolean };
  rejectForm: FormState;
  answerForm: FormState;
  signatures: SignatureRow[];
  panel: AbusePanel;
  message: string | null;
}

export function ManagePetitionPage(props: ManagePetitionProps): JSX.Element {
  const { p, c, row: r, state: s } = props;
  const base = `/${c.slug}/manage/petitions/${r.id}`;
  const errors = { ...props.rejectForm.errors, ...props.answerForm.errors };
  const answerField = fieldsFor(p, props.answerForm);
  const rejectField = fieldsFor(p, props.rejectForm);
  return (
    <Layout ctx={p} title={`${tr(p, 'Модерація', 'Moderation')}: ${r.title}`} hasErrors={Object.keys(errors).length > 0}>
      <ErrorSummary ctx={p} errors={errors} />
      <p>
        <a href={`/${c.slug}/manage/petitions`}>{t(p, '← Черга петицій', '← Petition queue')}</a>
      </p>
      {props.message ? (
        <div class="notice" role="status" safe>
          {props.message}
        </div>
      ) : (
        ''
      )}
      <h1 safe>{`№ ${r.number}. ${r.title}`}</h1>
      <p>
        <StatusTag ctx={p} status={s.status} /> <a href={`/${c.slug}/petitions/${r.id}`}>{t(p, 'Публічна сторінка', 'Public page')}</a>
      </p>
      <dl class="summary-list">
        <dt>{t(p, 'Автор', 'Author')}</dt>
        <dd safe>{r.author_email ? `${shownName(r.author_name, p.lang)} <${r.author_email}>` : shownName(r.author_name, p.lang)}</dd>
        <dt>{t(p, 'Категорія', 'Category')}</dt>
        <dd safe>{props.category?.name[p.lang] ?? ''}</dd>
        <dt>{t(p, 'Підписи', 'Signatures')}</dt>
        <dd safe>{`${formatNumber(r.signature_count, p.lang)} / ${formatNumber(r.signature_threshold, p.lang)}`}</dd>
      </dl>
      <div class="petition-text card" safe>
        {r.body}
      </div>
      <PetitionRulesList p={p} row={r} />

      {s.status === 'moderation' ? (
        <section>
          <h2>{t(p, 'Рішення модератора', 'Moderator decision')}</h2>
          <p safe>{`${tr(p, 'Модерувати', 'Moderate')} ${deadlineText(p, props.now, r.moderation_due_at, props.cal)}`}</p>
          <ActionButton ctx={p} action={`${base}/publish`} label={tr(p, 'Опублікувати: почати збір підписів', 'Publish: start collecting signatures')} />
          <form method="post" action={`${base}/reject`} novalidate>
            <CsrfField ctx={p} />
            <rejectField.Select
              name="reason"
              label={tr(p, 'Відхилити з причини', 'Reject for the reason')}
              options={[
                { value: '', label: tr(p, 'Оберіть причину', 'Choose a reason') },
                ...REJECTION_REASONS.map((x) => ({ value: x.code, label: x.label[p.lang] })),
              ]}
            />
            <rejectField.Number
              name="duplicate_of"
              label={tr(p, 'Номер петиції, яку дублює (для «Дублює»)', 'Number of the duplicated petition (for «Duplicate»)')}
            />
            <rejectField.Area
              name="note"
              label={tr(p, 'Пояснення (обовʼязкове для «Інша причина»)', 'Explanation (required for «Other»)')}
              rows={3}
              maxlength={1000}
            />
            <SubmitButton variant="warning">{t(p, 'Відхилити петицію', 'Reject the petition')}</SubmitButton>
          </form>
        </section>
      ) : (
        ''
      )}

      {s.status === 'consideration' ? (
        <section>
          <h2>{t(p, 'Відповідь ради', 'Answer of the council')}</h2>
          {s.considerationDueAt ? <p safe>{`${tr(p, 'Розглянути', 'Consider')} ${deadlineText(p, props.now, s.considerationDueAt, props.cal)}`}</p> : ''}
          <form method="post" action={`${base}/answer`} enctype="multipart/form-data" novalidate>
            <CsrfField ctx={p} />
            <answerField.Select
              name="decision"
              label={tr(p, 'Рішення', 'Decision')}
              options={[
                { value: '', label: tr(p, 'Оберіть рішення', 'Choose the decision') },
                ...Object.entries(DECISION_LABELS).map(([value, l]) => ({ value, label: l[p.lang] })),
              ]}
            />
            <answerField.Area name="answer_text" label={tr(p, 'Текст відповіді', 'Text of the answer')} rows={8} maxlength={20000} />
            <answerField.Text name="official_name" label={tr(p, 'ПІБ посадової особи', 'Name of the official')} />
            <answerField.Text name="official_position" label={tr(p, 'Посада', 'Position')} />
            <FileField
              ctx={p}
              name="pdf"
              label={tr(p, 'Рішення у PDF (необовʼязково, до 10 МБ)', 'Decision as PDF (optional, up to 10 MB)')}
              accept="application/pdf"
            />
            <SubmitButton>{t(p, 'Оприлюднити відповідь', 'Publish the answer')}</SubmitButton>
          </form>
        </section>
      ) : (
        ''
      )}

      {s.status === 'failed' && !r.appeal_forwarded_on ? (
        <section>
          <h2>{t(p, 'Передача як звернення громадян', 'Passing on as an individual appeal')}</h2>
          <form method="post" action={`${base}/appeal`}>
            <CsrfField ctx={p} />
            <div class="field">
              <label for="on">{t(p, 'Дата передачі', 'Date passed on')}</label>
              <input id="on" name="on" type="date" value={kyivDateOf(props.now)} />
            </div>
            <SubmitButton>{t(p, 'Зафіксувати передачу', 'Record it')}</SubmitButton>
          </form>
        </section>
      ) : (
        ''
      )}

      {s.status !== 'moderation' && s.status !== 'rejected' ? <AbuseSection {...props} /> : ''}
    </Layout>
  );
}

function AbuseSection(props: ManagePetitionProps): JSX.Element {
  const { p, c, row: r, panel } = props;
  const share = panel.total ? Math.round((panel.sameDayAccounts * 100) / panel.total) : 0;
  return (
    <section>
      <h2>{t(p, 'Перевірка підписів', 'Signature check')}</h2>
      <p safe>
        {tr(
          p,
          `Облікових записів, створених у день підпису: ${share}% (${panel.sameDayAccounts} з ${panel.total}).`,
          `Accounts created on the day they signed: ${share}% (${panel.sameDayAccounts} of ${panel.total}).`,
        )}
      </p>
      <div class="table-wrap">
        <table>
          <caption>{t(p, 'Підписи за годинами (останні 48)', 'Signatures per hour (last 48)')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Година', 'Hour')}</th>
              <th scope="col">{t(p, 'Підписів', 'Signatures')}</th>
            </tr>
          </thead>
          <tbody>
            {panel.perHour.map((h) => (
              <tr>
                <td safe>{formatKyivDateTime(h.hour, p.lang)}</td>
                <td safe>{String(h.n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table>
          <caption>{t(p, 'Мережі (/24), з яких підписують найбільше', 'Networks (/24) with the most signatures')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Мережа', 'Network')}</th>
              <th scope="col">{t(p, 'Підписів', 'Signatures')}</th>
            </tr>
          </thead>
          <tbody>
            {panel.topPrefixes.map((x) => (
              <tr>
                <td safe>{x.prefix}</td>
                <td safe>{String(x.n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {panel.emailDomains.length ? (
        <div class="table-wrap">
          <table>
            <caption>{t(p, 'Поштові домени (вхід поштою)', 'E-mail domains (e-mail sign-in)')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(p, 'Домен', 'Domain')}</th>
                <th scope="col">{t(p, 'Підписів', 'Signatures')}</th>
              </tr>
            </thead>
            <tbody>
              {panel.emailDomains.map((x) => (
                <tr>
                  <td safe>{x.domain}</td>
                  <td safe>{String(x.n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        ''
      )}
      <h3>{t(p, 'Підписи (останні 200)', 'Signatures (latest 200)')}</h3>
      <form method="post" action={`/${c.slug}/manage/petitions/${r.id}/invalidate`}>
        <CsrfField ctx={p} />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(p, 'Обрати', 'Select')}</th>
                <th scope="col">{t(p, 'ПІБ', 'Name')}</th>
                <th scope="col">{t(p, 'Час', 'Time')}</th>
                <th scope="col">{t(p, 'Мережа', 'Network')}</th>
                <th scope="col">{t(p, 'Стан', 'State')}</th>
              </tr>
            </thead>
            <tbody>
              {props.signatures.map((sig) => (
                <tr>
                  <td>
                    {sig.invalidatedAt ? (
                      ''
                    ) : (
                      <input
                        type="checkbox"
                        name="signature"
                        value={String(sig.id)}
                        id={`sig-${sig.id}`}
                        aria-label={`${tr(p, 'Обрати підпис', 'Select signature')} ${shownName(sig.signerName, p.lang)}`}
                      />
                    )}
                  </td>
                  <td safe>{shownName(sig.signerName, p.lang)}</td>
                  <td safe>{formatKyivDateTime(sig.signedAt, p.lang)}</td>
                  <td safe>{sig.ipPrefix}</td>
                  <td safe>
                    {sig.invalidatedAt
                      ? `${tr(p, 'Анульовано', 'Invalidated')}: ${invalidationReasonText(sig.invalidationReason, p.lang)}`
                      : tr(p, 'Дійсний', 'Valid')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="field">
          <label for="invalidate-reason">{t(p, 'Причина анулювання обраних підписів', 'Reason to invalidate the selected signatures')}</label>
          <input id="invalidate-reason" name="reason" type="text" maxlength="300" />
        </div>
        <SubmitButton variant="warning">{t(p, 'Анулювати обрані підписи', 'Invalidate the selected signatures')}</SubmitButton>
      </form>
    </section>
  );
}

export function SettingsPage({
  p,
  c,
  form,
  saved,
  categories,
  notice,
}: {
  p: PageCtx;
  c: Community;
  form: FormState;
  saved: PetitionSettings;
  categories: Category[];
  notice: boolean;
}): JSX.Element {
  const bool = (k: string) => form.values[k] === 'on';
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={tr(p, 'Налаштування петицій', 'Petition settings')} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <h1>{t(p, 'Налаштування петицій', 'Petition settings')}</h1>
      {notice ? (
        <p class="notice" role="status">
          {t(p, 'Налаштування збережено. Вони діють для петицій, поданих відтепер.', 'Settings saved. They apply to petitions submitted from now on.')}
        </p>
      ) : (
        ''
      )}
      {!saved.saved ? (
        <p class="notice">
          {t(
            p,
            'Діють типові значення за чисельністю населення громади. Збережіть, щоб закріпити правила вашого положення.',
            'Defaults by population apply. Save to fix the rules of your regulation.',
          )}
        </p>
      ) : (
        ''
      )}
      <p>
        {t(
          p,
          'Зміни діють лише для нових петицій: кожна подана петиція зберігає поріг, строки й рівень входу, з якими її подали.',
          'Changes apply to new petitions only: every petition already submitted keeps the threshold, terms and sign-in level it was submitted with.',
        )}
      </p>
      <form method="post" action={`/${c.slug}/manage/petitions/settings`} novalidate>
        <CsrfField ctx={p} />
        <field.Number
          name="threshold"
          label={tr(p, 'Поріг підписів', 'Signature threshold')}
          hint={tr(
            p,
            'Скільки підписів потрібно, щоб рада розглянула петицію (за положенням громади).',
            'How many signatures oblige the council to consider a petition (per your regulation).',
          )}
        />
        <field.Number
          name="collection_days"
          label={tr(p, 'Строк збору підписів, днів', 'Collection term, days')}
          hint={tr(p, 'Календарні дні від публікації (закон: не більше 3 місяців).', 'Calendar days from publication (the law: at most 3 months).')}
        />
        <field.Number
          name="moderation_days"
          label={tr(p, 'Строк модерації, робочих днів', 'Moderation term, working days')}
          hint={tr(p, 'Закон: петицію оприлюднюють протягом двох робочих днів.', 'The law: a petition is published within two working days.')}
        />
        <field.Number
          name="consideration_days"
          label={tr(p, 'Строк розгляду, робочих днів', 'Consideration term, working days')}
          hint={tr(p, 'Закон: не пізніше десяти робочих днів від дня набрання підписів.', 'The law: within ten working days of reaching the threshold.')}
        />
        <ParticipationRulesFieldset
          ctx={p}
          form={form}
          checked={bool}
          fields={{
            allowEmail: {
              name: 'allow_email',
              label: tr(p, 'Дозволити підписувати зі входом поштою й телефоном', 'Allow signing with e-mail and phone sign-in'),
              hint: tr(
                p,
                'Увага: такий вхід не перевіряє особу і відкриває шлях до зловживань (накруток підписів).',
                'Warning: this sign-in does not check identity and opens the way to abuse (fake signatures).',
              ),
            },
            residentsOnly: {
              name: 'residents_only',
              label: tr(p, 'Підписувати можуть лише мешканці громади (за адресою реєстрації)', 'Only residents (by registered address) may sign'),
            },
            minAge: { name: 'min_age', label: tr(p, 'Мінімальний вік підписанта', 'Minimum age of signatories'), noLimit: tr(p, 'Без обмеження', 'No limit') },
          }}
        />
        <Checkbox
          name="email_not_counted"
          checked={bool('email_not_counted')}
          label={tr(
            p,
            'Не зараховувати до порогу підписи, дані зі входом поштою й телефоном (їх усе одно показують окремо)',
            'Do not count toward the threshold the signatures given with e-mail and phone sign-in (they are still shown apart)',
          )}
          hint={tr(
            p,
            'Увага: підписи слабшого рівня легше накрутити; якщо вони зараховуються, поріг можна набрати без перевірки особи. Правило закріплюється на кожній петиції в момент подання.',
            'Warning: weaker-level signatures are easier to fake; if they count, the threshold can be reached without checked identities. The rule is fixed on each petition when it is submitted.',
          )}
        />
        <Checkbox
          name="continue_after_threshold"
          checked={bool('continue_after_threshold')}
          label={tr(p, 'Продовжувати збір після досягнення порогу (до кінця строку)', 'Keep collecting after the threshold (until the end of the term)')}
        />
        <field.Area
          name="categories"
          rows={8}
          label={tr(p, 'Категорії, по одній у рядку', 'Categories, one per line')}
          hint={tr(p, 'Українською; за бажання — англійською після « | ».', 'In Ukrainian; optionally English after « | ».')}
        />
        <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
      </form>
      <p class="meta" safe>{`${tr(p, 'Зараз категорій', 'Categories now')}: ${categories.length}`}</p>
    </Layout>
  );
}
