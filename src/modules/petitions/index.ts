/** The petitions module's public face: what other modules may use of it. */
export { petitionsModule } from './manifest.js';
