/**
 * The municipal chat-bot (СВОЇ 1): one bot per community in Telegram and Viber, a reference the
 * moderators edit, and /dev/bot to try it in demo mode. The dialogue is one function (rules.ts) for every
 * messenger; webhooks only queue work (the jobs `chatbot.telegram-update` and `chatbot.viber-event` answer).
 */
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { chatbotMigrations } from './migrations.js';
import { registerPublicRoutes } from './routes/public.js';
import { registerManageRoutes } from './routes/manage.js';
import { registerWebhookRoutes } from './routes/api.js';
import { pollTelegramOnce } from './messengers/polling.js';
import { registerViberWebhook } from './routes/viber.js';
import { registerPlatformWebhook } from './routes/platform.js';
import {
  answerPlatformTelegramUpdate,
  answerPlatformViberEvent,
  ensurePlatformWebhook,
  PLATFORM_TELEGRAM_JOB,
  PLATFORM_VIBER_JOB,
} from './service/platform.js';
import { answerViberEvent } from './service/viber.js';
import { VIBER_EVENT_JOB } from './messengers/viber.js';
import { registerSimulatorRoutes } from './routes/simulator.js';
import { registerBroadcastRoutes } from './routes/broadcasts.js';
import { broadcastTick } from './service/broadcasts.js';
import { chatbotStats, chatbotDatasets } from './stats.js';
import { countSubscribers, deleteSubscribersOfUser } from './repository.js';
import { answerTelegramUpdate } from './service.js';
import { TELEGRAM_UPDATE_JOB } from './messengers/telegram.js';
import { seedChatbot } from './demo.js';
import { deleteFinishedJobs } from '../../core/jobs/queue.js';
import { registerLinkRoutes } from './routes/link.js';
import { DELIVER_JOB, deliverQueued } from './service/delivery.js';
import { edemTick, linkedChatsSection } from './service/edem-manifest.js';
import { registerMultipart } from '../../core/http/uploads.js';
import { APPEAL_CHAT_JOB } from '../appeals/index.js';
import { sendAppealNotice } from './service/appeals.js';
import { deleteStaleDrafts } from './repository/appeals.js';

/** How long an answered update (its chat id and text, in the job's payload) is kept: long enough for Telegram's redelivery to find it. */
const UPDATE_JOB_KEPT_MS = 3600_000;
/** An appeal left half-written in a chat is forgotten after a day (with its chat id). */
const APPEAL_DRAFT_KEPT_MS = 86_400_000;

export const chatbotModule: ModuleManifest = {
  id: 'chatbot',
  name: { uk: 'Чат-бот громади', en: 'Community chat-bot' },
  migrations: chatbotMigrations,
  async routes(app, ctx) {
    await registerMultipart(app);
    registerPublicRoutes(app, ctx);
    registerManageRoutes(app, ctx);
    registerWebhookRoutes(app, ctx);
    await registerViberWebhook(app, ctx);
    registerPlatformWebhook(app, ctx);
    registerSimulatorRoutes(app, ctx);
    registerLinkRoutes(app, ctx);
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
      uk: 'Передати боту громади повідомлення з Telegram чи Viber (лише месенджер, із секретами вебхука чи підписом)',
      en: 'Deliver a Telegram update or a Viber callback to the community’s bot (the messenger only, with the webhook’s secrets or signature)',
    },
    'chatbot.simulate': {
      uk: 'Поговорити з ботом у симуляторі /dev/bot (лише в демо-режимі, будь-хто)',
      en: 'Talk to the bot in the /dev/bot simulator (demo mode only, anyone)',
    },
    'chatbot.link': {
      uk: 'Привʼязати свій чат із ботом до свого облікового запису за одноразовим посиланням від бота — будь-хто, хто увійшов',
      en: 'Link one’s chat with the bot to one’s account through the bot’s one-time link (anyone signed in)',
    },
    'chatbot.unlink': {
      uk: 'Відвʼязати чат від свого облікового запису в «Моєму кабінеті» — власник облікового запису',
      en: 'Unlink a chat from one’s account in “My cabinet” (the account’s owner)',
    },
  },
  jobs: {
    [TELEGRAM_UPDATE_JOB]: answerTelegramUpdate,
    [VIBER_EVENT_JOB]: answerViberEvent,
    [PLATFORM_TELEGRAM_JOB]: answerPlatformTelegramUpdate,
    [PLATFORM_VIBER_JOB]: answerPlatformViberEvent,
    [DELIVER_JOB]: deliverQueued,
    [APPEAL_CHAT_JOB]: sendAppealNotice,
  },
  async tick(ctx, now) {
    await ensurePlatformWebhook(ctx);
    await pollTelegramOnce(ctx);
    await deleteFinishedJobs(ctx.db, TELEGRAM_UPDATE_JOB, new Date(now.getTime() - UPDATE_JOB_KEPT_MS));
    for (const kind of [VIBER_EVENT_JOB, PLATFORM_TELEGRAM_JOB, PLATFORM_VIBER_JOB, DELIVER_JOB])
      await deleteFinishedJobs(ctx.db, kind, new Date(now.getTime() - UPDATE_JOB_KEPT_MS));
    await edemTick(ctx, now);
    await broadcastTick(ctx, now);
    await deleteStaleDrafts(ctx.db, new Date(now.getTime() - APPEAL_DRAFT_KEPT_MS));
  },
  cabinet: linkedChatsSection,
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
