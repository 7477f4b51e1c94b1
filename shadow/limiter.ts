/** A unit of background work; it should not throw, but a throw is contained. */
export type Job = () => Promise<void>;

/** Limits for the background work of all routes. */
export interface LimiterOptions {
  /** Jobs running at once, all keys. */
  concurrency: number;
  /** Jobs running at once per key (route). */
  perKeyConcurrency: number;
  /** Jobs waiting for a slot, all keys; past it `submit` refuses. */
  queueSize: number;
  /** Called when a job throws (a bug: jobs catch their own failures). */
  onJobError?: (err: unknown, key: string) => void;
}

/** Global and per-key concurrency over one bounded FIFO queue. */
export interface Limiter {
  /** Start `job` now or queue it; false when the queue is full and the job was dropped. */
  submit(key: string, job: Job): boolean;
  /** Jobs running now. */
  readonly running: number;
  /** Jobs waiting. */
  readonly queued: number;
  /** Resolves once nothing is running or queued (tests, graceful shutdown). */
  idle(): Promise<void>;
}

/**
 * A bounded limiter: memory is at most (concurrency + queueSize) jobs whatever the load, and a
 * refused job costs nothing but the caller's counter. Jobs start on a later tick, never inside `submit`,
 * so the caller (the proxy's request handler) finishes its own work first.
 */
export function createLimiter(opts: LimiterOptions): Limiter {
  const perKey = new Map<string, number>();
  const queue: { key: string; job: Job }[] = [];
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  const canRun = (key: string): boolean =>
    running < opts.concurrency && (perKey.get(key) ?? 0) < opts.perKeyConcurrency;

  // Jobs admitted since the last check phase: one setImmediate starts them all, not one each.
  let starting: { key: string; job: Job }[] = [];
  const startAdmitted = (): void => {
    const batch = starting;
    starting = [];
    for (const { key, job } of batch) launch(key, job);
  };
  const launch = (key: string, job: Job): void => {
    let done: Promise<void>;
    try {
      done = job();
    } catch (err) {
      done = Promise.reject(err);
    }
    done.then(
      () => release(key),
      (err: unknown) => {
        try {
          opts.onJobError?.(err, key);
        } catch {
          // The report itself failed (a broken logger): there is nowhere left to report it, and a
          // rejection left unhandled would stop the proxy.
        }
        release(key);
      },
    );
  };

  const start = (key: string, job: Job): void => {
    running++;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
    if (starting.push({ key, job }) === 1) setImmediate(startAdmitted);
  };

  const release = (key: string): void => {
    running--;
    const left = (perKey.get(key) ?? 1) - 1;
    if (left === 0) perKey.delete(key);
    else perKey.set(key, left);
    for (let i = 0; i < queue.length && running < opts.concurrency; ) {
      const next = queue[i]!;
      if (canRun(next.key)) {
        queue.splice(i, 1);
        start(next.key, next.job);
      } else i++;
    }
    if (running === 0 && queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  return {
    submit(key, job) {
      if (canRun(key)) {
        start(key, job);
        return true;
      }
      if (queue.length >= opts.queueSize) return false;
      queue.push({ key, job });
      return true;
    },
    get running() {
      return running;
    },
    get queued() {
      return queue.length;
    },
    idle() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
