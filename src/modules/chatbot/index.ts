/** The chat-bot's public face: the module list and the community website reach it only through here. */
export { chatbotModule } from './manifest.js';
/** For the community website (issue #23): the bot's link, and a news item pushed to its subscribers. */
export { botConnected, botTelegramLink, botViberLink, pushLinkToSubscribers, type PushResult } from './service/site-push.js';
export { canManageBot } from './access.js';
export { countSubscribers as countBotSubscribers } from './repository.js';
/** For the e-queue's reminders: a message to the chats a person linked to their account. */
export { sendToPerson } from './service/delivery.js';
