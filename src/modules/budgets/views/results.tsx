/** Public pages of the participatory budget: the results and the implementation of the winners. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import { StatusBadge } from '../../../core/views/kit.js';
import { CHANNEL_LABELS, IMPL_LABELS, RULE_LABELS, countedTotals, emailCountsText, formatMoney } from '../rules.js';
import type { Category, Contest } from '../repository/contests.js';
import type { CategoryResult } from '../service/results.js';
import type { ResultRecord } from '../repository/results.js';
import type { ImplUpdate, Project } from '../repository/projects.js';
import { CategoryResults, Money, PhotoGallery, ResultRecords, base } from './parts.js';

export function ResultsPage(props: {
  p: PageCtx;
  c: Community;
  contest: Contest;
  results: CategoryResult[];
  totals: { ballots: number; byChannel: Record<string, number>; byLevel: { idgovua: number; email: number } };
  preliminary: boolean;
  records: ResultRecord[];
}): JSX.Element {
  const { p, c, contest } = props;
  const url = base(c, contest);
  const counted = countedTotals(props.totals, contest.emailCounts);
  const rule = emailCountsText(contest, p.lang);
  return (
    <Layout ctx={p} title={tr(p, `Результати: ${contest.title}`, `Results: ${contest.title}`)}>
      <p class="meta">
        <a href={url} safe>
          {contest.title}
        </a>
      </p>
      <h1>{t(p, 'Результати голосування', 'Voting results')}</h1>
      {props.preliminary ? (
        <p class="notice">
          {t(p, 'Попередні результати: бачать лише модератори, доки їх не оприлюднено.', 'Preliminary: only moderators see them until published.')}
        </p>
      ) : (
        ''
      )}
      <p safe>
        {tr(p, `Бюлетенів зараховано: ${counted.ballots}`, `Ballots counted: ${counted.ballots}`) +
          ' (' +
          Object.entries(counted.byChannel)
            .map(([ch, n]) => `${CHANNEL_LABELS[ch]?.[p.lang] ?? ch}: ${n}`)
            .join(', ') +
          ')'}
      </p>
      {props.totals.byLevel.email > 0 || contest.eligibility.allowEmail ? (
        <p class="meta level-counts" safe>
          {contest.emailCounts
            ? tr(
                p,
                `З них через id.gov.ua: ${props.totals.byLevel.idgovua}, через ел. пошту й телефон: ${props.totals.byLevel.email}.`,
                `Of these, through id.gov.ua: ${props.totals.byLevel.idgovua}; by e-mail and phone: ${props.totals.byLevel.email}.`,
              )
            : tr(
                p,
                `Через id.gov.ua: ${props.totals.byLevel.idgovua}. Через ел. пошту й телефон: ${props.totals.byLevel.email} — за правилами цього конкурсу до результатів не зараховуються.`,
                `Through id.gov.ua: ${props.totals.byLevel.idgovua}. By e-mail and phone: ${props.totals.byLevel.email}, which by this contest’s rules do not count toward the results.`,
              )}
        </p>
      ) : (
        ''
      )}
      {rule ? <p safe>{rule}</p> : ''}
      <p safe>{tr(p, 'Правило: ', 'Rule: ') + RULE_LABELS[contest.winnerRule][p.lang]}</p>
      {contest.winnerRule === 'mes' ? (
        <p class="meta mes-completion">
          {t(
            p,
            'Доповнення Add1: частку кожного виборця збільшують на 1 грн, доки результат уміщується в бюджет. Інструменти pabutools та equalshares.net зупиняють Add1 раніше — на першому результаті, після якого жоден підтриманий проєкт уже не вміщується в залишок, — тож у деяких конкурсах обирають інших переможців.',
            'Add1 completion: every voter’s share is raised by UAH 1 for as long as the outcome fits the budget. The pabutools library and the equalshares.net tool stop Add1 earlier, at the first outcome after which no supported project fits the money left, so on some contests they pick different winners.',
          )}
        </p>
      ) : (
        ''
      )}
      {props.results.map((r) => (
        <>
          <CategoryResults
            p={p}
            r={r}
            title={`${r.category.code}. ${r.category.name}`}
            projectHref={(x) => `${url}/projects/${x.id}`}
            downloads={[{ label: tr(p, 'Завантажити у форматі Pabulib', 'Download as Pabulib'), href: `${url}/results/${r.category.id}.pb` }]}
          />
          <EarlyStopNote p={p} r={r} />
        </>
      ))}
      <ResultRecords p={p} records={props.records} />
    </Layout>
  );
}

/** Which projects the early Add1 stop (pabutools, equalshares.net) would fund instead, when it differs. */
function EarlyStopNote(props: { p: PageCtx; r: CategoryResult }): JSX.Element {
  const { p, r } = props;
  const early = r.tally.mes?.exhaustiveStop;
  if (!early) return <></>;
  const byId = new Map(r.projects.map((x) => [String(x.id), x]));
  const [open, close] = [tr(p, '«', '“'), tr(p, '»', '”')];
  const names = (ids: readonly string[]) =>
    ids
      .map((id) => byId.get(id))
      .map((x) => (x ? `${open}${x.code ? `${x.code} ` : ''}${x.title}${close}` : ''))
      .join(', ');
  const kept = new Set(r.tally.winners);
  const instead = new Set(early.winners);
  const gained = early.winners.filter((id) => !kept.has(id));
  const lost = r.tally.winners.filter((id) => !instead.has(id));
  return (
    <p class="meta mes-early-stop" safe>
      {tr(
        p,
        `Якби Add1 зупинили на першому такому результаті (як pabutools та equalshares.net), у категорії «${r.category.name}» профінансували б ${names(gained) || '—'} замість ${names(lost) || '—'}.`,
        `Had Add1 stopped at the first such outcome (as pabutools and equalshares.net do), category “${r.category.name}” would fund ${names(gained) || '—'} instead of ${names(lost) || '—'}.`,
      )}
    </p>
  );
}

export function ImplementationPage(props: {
  p: PageCtx;
  c: Community;
  contest: Contest;
  winners: { project: Project; category: Category; updates: ImplUpdate[]; spent: number; photoIds: number[] }[];
}): JSX.Element {
  const { p, c, contest } = props;
  const url = base(c, contest);
  const total = props.winners.reduce((s, w) => s + w.project.cost, 0);
  const spent = props.winners.reduce((s, w) => s + w.spent, 0);
  const done = props.winners.filter((w) => w.project.implStatus === 'done').length;
  return (
    <Layout ctx={p} title={tr(p, `Реалізація: ${contest.title}`, `Implementation: ${contest.title}`)}>
      <p class="meta">
        <a href={url} safe>
          {contest.title}
        </a>
      </p>
      <h1>{t(p, 'Реалізація', 'Implementation')}</h1>
      <ul class="figures">
        <li>
          <strong safe>{`${done} / ${props.winners.length}`}</strong>
          {t(p, 'реалізовано', 'done')}
        </li>
        <li>
          <strong>
            <Money p={p} kop={spent} />
          </strong>
          {t(p, 'витрачено', 'spent')}
        </li>
        <li>
          <strong>
            <Money p={p} kop={total} />
          </strong>
          {t(p, 'вартість переможців', 'cost of the winners')}
        </li>
      </ul>
      <ul class="cards">
        {props.winners.map((w) => (
          <li class="card">
            <h2>
              <a href={`${url}/projects/${w.project.id}`} safe>
                {`${w.project.code ?? ''} ${w.project.title}`}
              </a>
            </h2>
            <p>
              <StatusBadge ctx={p} cls={`tag budget-impl-${w.project.implStatus}`} label={IMPL_LABELS[w.project.implStatus]} />{' '}
              <span class="meta" safe>
                {`${w.category.name} · ${tr(p, 'витрачено', 'spent')} ${formatMoney(w.spent, p.lang)} ${tr(p, 'з', 'of')} ${formatMoney(w.project.cost, p.lang)}`}
              </span>
            </p>
            {w.project.implStatus === 'not_done' && w.project.implReason ? <p safe>{tr(p, 'Причина: ', 'Reason: ') + w.project.implReason}</p> : ''}
            {w.updates.length ? (
              <ul class="timeline">
                {w.updates.map((u) => (
                  <li>
                    <strong safe>{`${formatKyivDate(u.at, p.lang)} · ${IMPL_LABELS[u.status][p.lang]}`}</strong>
                    <p safe>{u.body}</p>
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
            {w.photoIds.length ? (
              <PhotoGallery
                photosUrl={`/${c.slug}/budgets/photos`}
                ids={w.photoIds}
                alt={(i) => tr(p, `Фото реалізації ${i + 1}`, `Implementation photo ${i + 1}`)}
              />
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
