import type { AppContext } from '../context';

export interface Job {
  name: string;
  /** Runs one tick; must be safe when several instances run it at once (claim work in the database). */
  run(ctx: AppContext): Promise<unknown>;
}

/** Runs each job every `intervalMs` until stopped. Ticks never overlap within one process. */
export function startJobs(ctx: AppContext, jobs: Job[], intervalMs: number): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    for (const job of jobs) {
      if (stopped) return;
      try {
        await job.run(ctx);
      } catch (err) {
        ctx.log.error({ err, job: job.name }, 'job tick failed');
      }
    }
  };
  const loop = () => {
    if (stopped) return;
    current = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  timer = setTimeout(loop, 1000);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
