/** Pieces of the appeals' pages: the status tag and the deadline line with its overdue mark. */
import { formatKyivDate, formatKyivDateTime } from '../../../core/calendar/index.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { StatusBadge } from '../../../core/views/kit.js';
import { pick } from '../../../core/i18n/index.js';
import { deadlineState, STATUS_LABEL, TOPICS, isTopic, type Status } from '../rules.js';

const STATUS_TAG: Record<Status, string> = { received: 'tag', in_progress: 'tag tag-consideration', answered: 'tag tag-answered' };

export function StatusTag(props: { p: PageCtx; status: Status }): JSX.Element {
  return <StatusBadge ctx={props.p} label={STATUS_LABEL[props.status]} cls={STATUS_TAG[props.status]} />;
}

export function topicLabel(p: PageCtx, topic: string): string {
  return isTopic(topic) ? pick(TOPICS[topic], p.lang) : topic;
}

/** «Відповісти до …», «Прострочено з …», «Відповідь надано … (вчасно / із запізненням)». */
export function DeadlineLine(props: { p: PageCtx; a: { status: Status; dueAt: Date; answeredAt: Date | null }; now: Date }): JSX.Element {
  const { p, a } = props;
  const due = formatKyivDate(a.dueAt, p.lang);
  switch (deadlineState(a, props.now)) {
    case 'overdue':
      return (
        <strong class="oc-overdue" safe>
          {tr(p, `Прострочено: термін минув ${due}`, `Overdue: the term ended ${due}`)}
        </strong>
      );
    case 'answered-late':
      return (
        <span safe>
          {tr(
            p,
            `Відповідь надано ${formatKyivDateTime(a.answeredAt!, p.lang)} — після терміну (${due})`,
            `Answered ${formatKyivDateTime(a.answeredAt!, p.lang)}, after the term (${due})`,
          )}
        </span>
      );
    case 'answered-on-time':
      return (
        <span safe>
          {tr(p, `Відповідь надано ${formatKyivDateTime(a.answeredAt!, p.lang)}, вчасно`, `Answered ${formatKyivDateTime(a.answeredAt!, p.lang)}, on time`)}
        </span>
      );
    default:
      return <span safe>{tr(p, `Відповідь — до ${due}`, `Answer due by ${due}`)}</span>;
  }
}

export function LawNote(props: { p: PageCtx }): JSX.Element {
  return (
    <p class="hint">
      {t(
        props.p,
        'За законом «Про звернення громадян» звернення розглядають не довше місяця, а те, що не потребує додаткового вивчення, — до 15 днів. Якщо потрібно більше часу, вам повідомлять причину; увесь термін — не більше 45 днів. Анонімні звернення не розглядаються.',
        'Under the law on citizens’ appeals an appeal is considered within one month, and what needs no extra study within 15 days. If more time is needed you are told why; the whole term never passes 45 days. Anonymous appeals are not considered.',
      )}
    </p>
  );
}
