/** The e-queue's public face: the module list reaches it only through here. */
export { queueModule } from './manifest.js';
