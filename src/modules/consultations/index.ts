/**
 * The public face of consultations for the rest of the platform: the manifest (routes, navigation,
 * permissions, cabinet, statistics, demo), and the polls as the chat-bot offers them (service/chat.ts).
 * No other module uses consultations' internals.
 */
export { consultationsModule } from './manifest.js';
export { answerPollFromChat, chatAnswerError, chatFits, openPollsForChat, pollForChat, type ChatPoll } from './service/chat.js';
export { fieldName as pollFieldName, OTHER_VALUE as POLL_OTHER, type FormBody as PollAnswers, type PollQuestion } from './rules/poll.js';
