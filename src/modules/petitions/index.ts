/** The petitions module's public face: what other modules may use of it. */
export { petitionsModule } from './manifest.js';
export { defaultSettings, type PetitionSettings } from './settings.js';
export { saveSettings } from './repository.js';
