/** The notice board's public face: the module list reaches it only through here. */
export { noticesModule } from './manifest.js';
