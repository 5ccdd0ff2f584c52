/** Open City's public face: other modules and the module list reach it only through here. */
export { openCityModule } from './manifest.js';
/** What the chat-bot files a report through: the web's own checks and service (issue 22). */
export { validateLocation } from './forms.js';
export { createReport } from './service/reports.js';
export { findReport, listCategories } from './repository.js';
export { refusalFor } from './access.js';
export { processPhoto } from './photos.js';
export { leafCategories } from './rules.js';
export type { ReportSource } from './tables.js';
