/**
 * A test app for a describe block whose tests move the clock: communities and people only (no module's
 * demo), the clock at `start`. It is created before the tests and closed after them; `signIn(app)` runs
 * once it is up (keep the app there) and again after every `jump`, because sessions end when the clock
 * jumps weeks ahead.
 */
import { after, before } from 'node:test';
import { createTestApp, type TestApp } from './test-app.js';

export function clockedTestApp(start: Date, signIn: (app: TestApp) => Promise<void>): { jump(at: Date): Promise<void> } {
  let t: TestApp | undefined;
  before(async () => {
    t = await createTestApp({ seedModules: false, now: start });
    await signIn(t);
  });
  after(async () => t?.close());
  return {
    async jump(at) {
      t!.clock.set(at);
      await signIn(t!);
    },
  };
}
