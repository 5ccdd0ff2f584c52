/** The admin module's public face: the module list reaches it only through here. */
export { adminModule } from './manifest.js';
