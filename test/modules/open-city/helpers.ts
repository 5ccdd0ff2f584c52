/** Helpers shared by Open City's tests: a phone photo of their own size, the report id in an address. */
import { phonePhoto as photo } from '../../helpers/uploads.js';

/** A JPEG as a phone makes it (see helpers/uploads.ts), 2000 × 1500. */
export const phonePhoto = (): Promise<Buffer> => photo({ width: 2000, height: 1500, background: '#7a5230' });

export const reportIdFrom = (location: unknown): number => Number(/reports\/(\d+)/.exec(String(location))?.[1] ?? NaN);
