/** The school budget's public face: the module list reaches it only through here. */
export { schoolBudgetModule } from './manifest.js';
