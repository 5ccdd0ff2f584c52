/** The community website's public face: the module list reaches it only through here. */
export { siteModule } from './manifest.js';
