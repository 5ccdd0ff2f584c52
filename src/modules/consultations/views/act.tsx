/** A draft act by section: stances on the whole and on each section, the tallies. */
import type { Children } from '@kitajs/html';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { CsrfField } from '../../../core/views/forms.js';
import { LogReceiptLine } from '../../../core/views/kit.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { plural } from '../../../core/i18n/index.js';
import type { Item, StanceTally } from '../repository.js';
import type { Stance } from '../tables.js';
import { ChartWithTable, num } from './charts.js';
import { itemUrl, type ItemPageData, Refusal, canAct, LevelCountsLine, stanceLevelsText } from './parts.js';
import { CommentForm, CommentThread } from './comments.js';

/** One of the two stance buttons: pressed (and shown as `pressedClass`) when it is the person's stance. */
function StanceButton(props: { stance: Stance; mine: Stance | undefined; pressedClass: string; children: Children }): JSX.Element {
  const pressed = props.mine === props.stance;
  return (
    <button
      class={`button ${pressed ? props.pressedClass : 'secondary'}`}
      type="submit"
      name="stance"
      value={props.stance}
      aria-pressed={pressed ? 'true' : 'false'}
    >
      {props.children}
    </button>
  );
}

function StanceForm({ d, scope, label }: { d: ItemPageData; scope: number; label: string }): JSX.Element {
  const { p, c, item } = d;
  const mine = d.myStances.get(scope)?.stance;
  const receipt = d.myStances.get(scope)?.receipt ?? null;
  return (
    <form method="post" action={`${itemUrl(c, item.id)}/stance`} class="stance-form">
      <CsrfField ctx={p} />
      <input type="hidden" name="scope" value={String(scope)} />
      <span class="visually-hidden" safe>
        {label}
      </span>
      <StanceButton stance="support" mine={mine} pressedClass="">
        {t(p, 'Підтримую', 'I support')}
      </StanceButton>{' '}
      <StanceButton stance="oppose" mine={mine} pressedClass="warning">
        {t(p, 'Не підтримую', 'I do not support')}
      </StanceButton>
      {mine ? (
        <p class="meta">
          {mine === 'support'
            ? t(p, 'Ваша позиція: підтримую. Її можна змінити до завершення.', 'Your stance: support. You can change it until the end.')
            : t(p, 'Ваша позиція: не підтримую. Її можна змінити до завершення.', 'Your stance: do not support. You can change it until the end.')}
        </p>
      ) : (
        ''
      )}
      <LogReceiptLine ctx={p} receipt={receipt} check={{ uk: 'Перевірити мою позицію', en: 'Check my stance' }} />
    </form>
  );
}

function Tally({ p, item, tally }: { p: PageCtx; item: Item; tally: StanceTally | undefined }): JSX.Element {
  const s = tally?.support ?? 0;
  const o = tally?.oppose ?? 0;
  return (
    <p class="tally" safe>
      {tr(p, `Підтримують: ${num(p, s)} · Не підтримують: ${num(p, o)}`, `Support: ${num(p, s)} · Do not support: ${num(p, o)}`) +
        stanceLevelsText(p, item, tally?.byLevel ?? { idgovua: 0, email: 0 })}
    </p>
  );
}

export function ActPart({ d }: { d: ItemPageData }): JSX.Element {
  const { p, item } = d;
  const bySection = (id: number | null) => d.comments.filter((x) => x.sectionId === id);
  const general = bySection(null);
  return (
    <>
      {canAct(d) ? '' : <Refusal d={d} what={tr(p, 'Коментувати й висловлювати позицію:', 'Commenting and taking a stance:')} />}
      <nav class="toc" aria-label={tr(p, 'Розділи проєкту', 'Sections of the draft')}>
        <h2>{t(p, 'Зміст проєкту', 'Contents of the draft')}</h2>
        <ol>
          {d.sections.map((s) => (
            <li>
              <a href={`#section-${s.id}`} safe>
                {s.heading}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <section aria-labelledby="whole-title" class="act-whole">
        <h2 id="whole-title">{t(p, 'Документ загалом', 'The document as a whole')}</h2>
        {d.tallies ? <Tally p={p} item={item} tally={d.tallies.get(0)} /> : ''}
        {canAct(d) ? <StanceForm d={d} scope={0} label={tr(p, 'Ваша позиція щодо документа загалом', 'Your stance on the whole document')} /> : ''}
      </section>
      {d.sections.map((s) => {
        const list = bySection(s.id);
        const target = `s${s.id}`;
        return (
          <section id={`section-${s.id}`} class="act-section" aria-labelledby={`section-${s.id}-title`}>
            {s.parent ? (
              <p class="meta" safe>
                {s.parent}
              </p>
            ) : (
              ''
            )}
            <h2 id={`section-${s.id}-title`} safe>
              {s.heading}
            </h2>
            <div class="act-text" safe>
              {s.body}
            </div>
            {d.tallies ? <Tally p={p} item={item} tally={d.tallies.get(s.id)} /> : ''}
            {canAct(d) ? <StanceForm d={d} scope={s.id} label={tr(p, `Ваша позиція щодо розділу «${s.heading}»`, `Your stance on «${s.heading}»`)} /> : ''}
            <details class="section-comments" open={list.length > 0 || d.commentForm?.target === target || d.commentForm?.target.startsWith('r') === true}>
              <summary safe>{tr(p, `Коментарі до розділу (${list.length})`, `Comments on this section (${list.length})`)}</summary>
              <CommentThread d={d} list={list} />
              {canAct(d) ? (
                <CommentForm d={d} target={target} sectionId={s.id} label={tr(p, 'Ваш коментар до цього розділу', 'Your comment on this section')} />
              ) : (
                ''
              )}
            </details>
          </section>
        );
      })}
      <section aria-labelledby="general-comments-title">
        <h2 id="general-comments-title" safe>
          {`${tr(p, 'Загальні коментарі', 'General comments')} (${general.length})`}
        </h2>
        <CommentThread d={d} list={general} />
        {canAct(d) ? <CommentForm d={d} target="main" label={tr(p, 'Ваш коментар до документа загалом', 'Your comment on the whole document')} /> : ''}
      </section>
      {d.tallies ? <ActResults d={d} /> : ''}
      {item.revisionPublishedAt ? (
        <section aria-labelledby="revision-title" class="revision">
          <h2 id="revision-title">{t(p, 'Доопрацьована редакція', 'Revised version')}</h2>
          <p class="meta" safe>
            {formatKyivDateTime(item.revisionPublishedAt, p.lang)}
          </p>
          <h3>{t(p, 'Що змінено і чому', 'What changed and why')}</h3>
          <div class="prose" safe>
            {item.revisionNotes ?? ''}
          </div>
          <h3>{t(p, 'Текст нової редакції', 'Text of the revised version')}</h3>
          <div class="act-text" safe>
            {item.revisedText ?? ''}
          </div>
        </section>
      ) : (
        ''
      )}
    </>
  );
}

function ActResults({ d }: { d: ItemPageData }): JSX.Element {
  const { p, item } = d;
  const tallies = d.tallies!;
  const rows: { label: string; s: number; o: number; comments: number }[] = [
    {
      label: tr(p, 'Документ загалом', 'Whole document'),
      s: tallies.get(0)?.support ?? 0,
      o: tallies.get(0)?.oppose ?? 0,
      comments: d.comments.filter((x) => x.sectionId === null).length,
    },
    ...d.sections.map((s) => ({
      label: s.heading,
      s: tallies.get(s.id)?.support ?? 0,
      o: tallies.get(s.id)?.oppose ?? 0,
      comments: d.comments.filter((x) => x.sectionId === s.id).length,
    })),
  ];
  return (
    <section aria-labelledby="act-results-title">
      <h2 id="act-results-title">{t(p, 'Результати обговорення', 'Results of the discussion')}</h2>
      {d.levels ? (
        <>
          <p safe>
            {plural(
              d.levels.idgovua + d.levels.email,
              {
                uk: ['учасник висловив позицію', 'учасники висловили позицію', 'учасників висловили позицію'],
                en: ['participant took a stance', 'participants took a stance'],
              },
              p.lang,
            )}
          </p>
          <LevelCountsLine p={p} item={item} counts={d.levels} />
        </>
      ) : (
        ''
      )}
      <ChartWithTable
        p={p}
        title={tr(p, 'Підтримка за розділами', 'Support by section')}
        colour="support"
        bars={rows.map((r) => ({
          label: r.label,
          value: r.s,
          text: tr(p, `${num(p, r.s)} за / ${num(p, r.o)} проти`, `${num(p, r.s)} for / ${num(p, r.o)} against`),
        }))}
        head={[tr(p, 'Розділ', 'Section'), tr(p, 'Підтримують', 'Support'), tr(p, 'Не підтримують', 'Do not support'), tr(p, 'Коментарів', 'Comments')]}
        rows={rows.map((r) => [r.label, num(p, r.s), num(p, r.o), num(p, r.comments)])}
      />
    </section>
  );
}
