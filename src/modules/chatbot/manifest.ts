/**
 * The municipal chat-bot (СВОЇ 1): one bot per community in Telegram (Viber to follow), a reference the
 * moderators edit, and /dev/bot to try it in demo mode. The dialogue is one function (rules.ts) for every
 * messenger; webhooks only queue work (the job `chatbot.telegram-update` answers).
 */
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { chatbotMigrations } from './migrations.js';
import { registerPublicRoutes } from './routes/public.js';
import { registerManageRoutes } from './routes/manage.js';
import { registerWebhookRoutes } from './routes/api.js';
import { registerSimulatorRoutes } from './routes/simulator.js';
import { registerBroadcastRoutes } from './routes/broadcasts.js';
import { broadcastTick } from './service/broadcasts.js';
import { chatbotStats, chatbotDatasets } from './stats.js';
import { countSubscribers, deleteSubscribersOfUser } from './repository.js';
import { answerTelegramUpdate } from './service.js';
import { TELEGRAM_UPDATE_JOB } from './messengers/telegram.js';
import { seedChatbot } from './demo.js';
import { deleteFinishedJobs } from '../../core/jobs/queue.js';
import { registerMultipart } from '../../core/http/uploads.js';

/** How long an answered update (its chat id and text, in the job's payload) is kept: long enough for Telegram's redelivery to find it. */
const UPDATE_JOB_KEPT_MS = 3600_000;

export const chatbotModule: ModuleManifest = {
  id: 'chatbot',
  name: { uk: 'Чат-бот громади', en: 'Community chat-bot' },
  migrations: chatbotMigrations,
  async routes(app, ctx) {
    await registerMultipart(app);
    registerPublicRoutes(app, ctx);
    registerManageRoutes(app, ctx);
    registerWebhookRoutes(app, ctx);
    registerSimulatorRoutes(app, ctx);
    registerBroadcastRoutes(app, ctx);
  },
  manageLinks: [
    { label: { uk: 'Чат-бот: довідник і підключення', en: 'Chat-bot: reference and connection' }, path: '/manage/chatbot' },
    { label: { uk: 'Чат-бот: розсилки', en: 'Chat-bot: broadcasts' }, path: '/manage/chatbot/broadcasts' },
  ],
  permissions: {
    'chatbot.configure': {
      uk: 'Увімкнути чи вимкнути чат-бот громади й задати його токени Telegram і Viber — будь-який модератор чи адміністратор громади або національний модератор',
      en: 'Switch the community’s chat-bot on or off and set its Telegram and Viber tokens (any moderator or the administrator of the community, or the national moderator)',
    },
    'chatbot.edit-reference': {
      uk: 'Додати, змінити, пересунути чи видалити пункт довідника бота — будь-який модератор чи адміністратор громади або національний модератор',
      en: 'Add, edit, move or delete an entry of the bot’s reference (any moderator or the administrator of the community, or the national moderator)',
    },
    'chatbot.broadcast': {
      uk: 'Написати, запланувати чи скасувати розсилку бота підписникам — будь-який модератор чи адміністратор громади або національний модератор',
      en: 'Write, schedule or cancel a broadcast of the bot to its subscribers (any moderator or the administrator of the community, or the national moderator)',
    },
    'chatbot.webhook': {
      uk: 'Передати боту громади повідомлення з Telegram (лише Telegram, із секретами вебхука)',
      en: 'Deliver a Telegram update to the community’s bot (Telegram only, with the webhook’s secrets)',
    },
    'chatbot.simulate': {
      uk: 'Поговорити з ботом у симуляторі /dev/bot (лише в демо-режимі, будь-хто)',
      en: 'Talk to the bot in the /dev/bot simulator (demo mode only, anyone)',
    },
  },
  jobs: { [TELEGRAM_UPDATE_JOB]: answerTelegramUpdate },
  async tick(ctx, now) {
    await deleteFinishedJobs(ctx.db, TELEGRAM_UPDATE_JOB, new Date(now.getTime() - UPDATE_JOB_KEPT_MS));
    await broadcastTick(ctx, now);
  },
  stats: chatbotStats,
  openData: chatbotDatasets,
  async statistics(ctx, scope) {
    return [
      {
        key: 'chatbot-subscribers',
        label: { uk: 'підписників чат-ботів', en: 'chat-bot subscribers' },
        value: await countSubscribers(ctx.db, scope.communityId),
      },
    ];
  },
  accountDeletion: {
    kept: [],
    run: deleteSubscribersOfUser,
  },
  demo: seedChatbot,
};
