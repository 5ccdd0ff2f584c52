/** The petitions module's public face: what other modules may use of it. */
export { petitionsModule } from './manifest.js';
/** What the chat-bot signs through: the web's own checks and service (issue 22). */
export { findPetition, listPetitions, signatureOf } from './repository.js';
export { signPetition } from './service.js';
export { participation as petitionParticipation } from './access.js';
export { rowTimes, rulesOfRow, stateAt } from './rules.js';
