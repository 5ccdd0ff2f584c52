/**
 * The public face of consultations for the rest of the platform: only the manifest (routes, navigation,
 * permissions, cabinet, statistics, demo). No other module uses consultations' internals.
 */
export { consultationsModule } from './manifest.js';
