/** The appeals' public face: the module list and the chat-bot reach them only through here. */
export { appealsModule } from './manifest.js';
export { APPEAL_CHAT_JOB, appealForChat, fileAppeal, type AppealForChat, type ChatNotice } from './service.js';
export { TOPICS as APPEAL_TOPICS, isTopic as isAppealTopic, isEmail, type Topic as AppealTopic } from './rules.js';
export { bodyError as appealBodyError, nameError as appealNameError } from './forms.js';
