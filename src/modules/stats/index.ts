/** The statistics module's public face: the module list reaches it only through here. */
export { statsModule } from './manifest.js';
