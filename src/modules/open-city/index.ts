/** Open City's public face: other modules and the module list reach it only through here. */
export { openCityModule } from './manifest.js';
