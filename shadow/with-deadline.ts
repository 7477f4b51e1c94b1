/**
 * `promise`'s value, or `fallback` once `ms` have passed, whichever comes first; never rejects on the
 * deadline's account, and the timer is cleared as soon as either side settles. `keepAlive: false`
 * unrefs the timer, for a wait that must not hold the process open by itself (a shadow job waiting for
 * its primary answer at shutdown); a start-up wait keeps it, since nothing else may be holding the
 * event loop yet.
 */
export function withDeadline<T, F>(promise: Promise<T>, ms: number, fallback: F, keepAlive = true): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<F>((resolve) => {
      timer = setTimeout(() => resolve(fallback), ms);
      if (!keepAlive) timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
