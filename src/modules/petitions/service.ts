/**
 * Use cases of local petitions, one file per noun under service/: a petition's life (petitions.ts),
 * signatures (signatures.ts), letters (notifications.ts), the community's settings (settings.ts).
 */
export * from './service/petitions.js';
export * from './service/signatures.js';
export * from './service/notifications.js';
export * from './service/settings.js';
export * from './service/linking.js';
