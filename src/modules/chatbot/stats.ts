/**
 * The chat-bot's figures for /stats and its open dataset: subscribers, messages in and out, broadcasts,
 * deliveries and actions by kind, from the counters (core/stats-counters). Counts only: no chat id,
 * nothing of any person, is kept for statistics.
 */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { OpenDataset, StatsScope, ToolStats } from '../../core/modules/manifest.js';
import { columns } from '../../core/modules/open-data.js';
import { counted, countTotal, inScope, monthText } from '../../core/stats-counters/index.js';
import type { Text } from '../../core/i18n/index.js';

const TOOL = 'chatbot';

const ACTIONS: Record<string, Text> = {
  subscribe: { uk: 'Підписок', en: 'Subscriptions' },
  unsubscribe: { uk: 'Відписок (/stop)', en: 'Unsubscriptions (/stop)' },
  reference: { uk: 'Переглядів довідника', en: 'Reference views' },
  search: { uk: 'Пошуків', en: 'Searches' },
  settings: { uk: 'Змін налаштувань', en: 'Settings changes' },
  menu: { uk: 'Відкриттів меню', en: 'Menu openings' },
};

export async function chatbotStats(ctx: CoreContext, s: StatsScope): Promise<ToolStats> {
  const [subscribersNow, subscribersJoined, messagesIn, messagesOut, broadcasts, deliveries, actions] = await Promise.all([
    // Subscribed now: everyone who joined up to the end of the period and is still subscribed.
    counted(ctx.db, { ...s, fromMonth: 0 }, { tool: TOOL, metric: 'subscribers' }),
    counted(ctx.db, s, { tool: TOOL, metric: 'subscribers' }),
    counted(ctx.db, s, { tool: TOOL, metric: 'messages-in' }),
    countTotal(ctx.db, s, { tool: TOOL, metric: 'messages-out' }),
    countTotal(ctx.db, s, { tool: TOOL, metric: 'broadcasts' }),
    counted(ctx.db, s, { tool: TOOL, metric: 'deliveries' }),
    counted(ctx.db, s, { tool: TOOL, metric: 'actions' }),
  ]);
  return {
    figures: [
      { key: 'subscribers', label: { uk: 'Підписників (нині)', en: 'Subscribers (now)' }, value: subscribersNow.total },
      { key: 'messages-in', label: { uk: 'Повідомлень до бота', en: 'Messages to the bot' }, value: messagesIn.total },
      { key: 'messages-out', label: { uk: 'Відповідей бота', en: 'Replies of the bot' }, value: messagesOut },
      { key: 'broadcasts', label: { uk: 'Розсилок', en: 'Broadcasts' }, value: broadcasts },
      { key: 'delivered', label: { uk: 'Доставлено повідомлень розсилок', en: 'Broadcast messages delivered' }, value: deliveries.parts.get('sent') ?? 0 },
      { key: 'blocked', label: { uk: 'Заблокували бота (відписано)', en: 'Blocked the bot (unsubscribed)' }, value: deliveries.parts.get('blocked') ?? 0 },
      ...Object.entries(ACTIONS).map(([k, label]) => ({ key: `actions-${k}`, label, value: actions.parts.get(k) ?? 0 })),
    ],
    monthly: [
      { key: 'messages-in', label: { uk: 'Повідомлення до бота за місяцями', en: 'Messages to the bot by month' }, points: messagesIn.monthly },
      {
        key: 'subscribers',
        label: { uk: 'Нові підписники за місяцями (ті, що лишилися)', en: 'New subscribers by month (still subscribed)' },
        points: subscribersJoined.monthly,
      },
    ],
    perCommunity: subscribersNow.perCommunity,
    perCommunityLabel: { uk: 'Підписників', en: 'Subscribers' },
    participants: subscribersNow.total,
    connectedCommunities: Number(
      (await sql<{ n: string }>`select count(*) as n from chatbot_settings where enabled and ${inScope(s)}`.execute(ctx.db)).rows[0]?.n ?? 0,
    ),
  };
}

export const chatbotDatasets: OpenDataset[] = [
  {
    id: 'chatbot-activity',
    title: { uk: 'Чат-боти громад: активність за місяцями', en: 'Community chat-bots: activity by month' },
    description: {
      uk: 'Скільки повідомлень отримали й надіслали боти громад, скільки було розсилок і доставок, скільки людей підписалися й лишилися. Лише лічильники: без ідентифікаторів чатів і будь-яких даних людей.',
      en: 'How many messages the communities’ bots received and sent, broadcasts and deliveries, and how many people subscribed and stayed. Counts only: no chat ids, nothing about any person.',
    },
    fields: columns([
      ['community', 'string', 'Громада', 'Community'],
      ['month', 'string', 'Місяць (рррр-мм, за Києвом)', 'Month (yyyy-mm, Kyiv time)'],
      ['messages_in', 'integer', 'Повідомлень до бота', 'Messages to the bot'],
      ['messages_out', 'integer', 'Повідомлень від бота (відповіді)', 'Messages from the bot (replies)'],
      ['broadcasts', 'integer', 'Розсилок почато', 'Broadcasts started'],
      ['delivered', 'integer', 'Доставлено повідомлень розсилок', 'Broadcast messages delivered'],
      ['failed', 'integer', 'Не доставлено', 'Not delivered'],
      ['blocked', 'integer', 'Заблокували бота', 'Blocked the bot'],
      ['subscribers_joined', 'integer', 'Підписалися цього місяця й лишаються', 'Joined this month and still subscribed'],
    ]),
    async rows(ctx, communityId) {
      const r = await sql<{ community: string; month: number; metric: string; dim: string; n: string }>`
        select c.slug as community, s.month, s.metric, s.dim, sum(s.n) as n
        from stats_counts s join communities c on c.id = s.community_id
        where s.tool = ${TOOL} ${communityId === null ? sql`` : sql`and s.community_id = ${communityId}`}
        group by 1, 2, 3, 4 order by 1, 2`.execute(ctx.db);
      const rows = new Map<string, Record<string, string | number>>();
      for (const x of r.rows) {
        const key = `${x.community}|${x.month}`;
        const row = rows.get(key) ?? {
          community: x.community,
          month: monthText(x.month),
          messages_in: 0,
          messages_out: 0,
          broadcasts: 0,
          delivered: 0,
          failed: 0,
          blocked: 0,
          subscribers_joined: 0,
        };
        const n = Number(x.n);
        const column =
          x.metric === 'messages-in'
            ? 'messages_in'
            : x.metric === 'messages-out'
              ? 'messages_out'
              : x.metric === 'broadcasts'
                ? 'broadcasts'
                : x.metric === 'subscribers'
                  ? 'subscribers_joined'
                  : x.metric === 'deliveries'
                    ? x.dim === 'sent'
                      ? 'delivered'
                      : x.dim === 'blocked'
                        ? 'blocked'
                        : 'failed'
                    : null;
        if (column) row[column] = Number(row[column]) + n;
        rows.set(key, row);
      }
      return [...rows.values()];
    },
  },
];
