/**
 * The loop every background task of an instance runs in (jobs and ticks, the log's sequencer, its
 * backfill): `work` again and again, each run `intervalMs` after the previous one ended, so two never
 * overlap; a failing run is reported and the loop goes on. The returned stop waits for a run under way,
 * so a graceful shutdown never cuts a transaction in half.
 */
export function repeatUntilStopped(
  work: () => Promise<unknown>,
  onError: (e: unknown) => void,
  opts: { intervalMs: number; firstAfterMs?: number },
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout;
  const loop = async () => {
    if (stopped) return;
    running = work().catch(onError);
    await running;
    if (!stopped) timer = setTimeout(loop, opts.intervalMs);
  };
  timer = setTimeout(loop, opts.firstAfterMs ?? opts.intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
