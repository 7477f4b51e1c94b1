import type { CandidateCallOptions } from './candidate.js';
import { observe, type Observation } from './observation.js';
import { SHD_ERR_CANDIDATE_FAILED, SHD_ERR_TIMEOUT } from './errors.js';

/**
 * A call's options, whose abort signal is made only when the callee reads it. The adapter candidate
 * never does (its GraphQL client keeps its own timer), and the HTTP replay listens with `onDeadline`
 * instead: an AbortController cost about 4 µs to make and as much again to listen to, a call (V8
 * profiles of bench/shadow.ts: on the event loop, then 4 % of the shadow thread's time). A signal first
 * read after the deadline is already aborted.
 */
export class CallOptions implements CandidateCallOptions {
  private controller: AbortController | null = null;
  private reason: Error | null = null;
  private listeners: ((reason: Error) => void)[] | null = null;

  constructor(
    readonly dryRun: boolean,
    readonly maxBodyBytes: number,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (this.reason !== null) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  onDeadline(listener: (reason: Error) => void): () => void {
    if (this.reason !== null) {
      listener(this.reason);
      return noop;
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const at = this.listeners?.indexOf(listener) ?? -1;
      if (at !== -1) this.listeners!.splice(at, 1);
    };
  }

  /** The deadline passed: abort the signal now, or when it is first read, and tell the listeners. */
  abort(reason: Error): void {
    this.reason = reason;
    this.controller?.abort(reason);
    const listeners = this.listeners;
    this.listeners = null;
    if (listeners !== null) for (const listener of listeners) listener(reason);
  }
}

const noop = (): void => undefined;

/**
 * Call one side with a hard deadline: the signal asks the call to stop, and the race makes sure the job
 * ends on time even when the call ignores the signal. Never rejects.
 */
export async function callWithTimeout(
  side: 'candidate' | 'secondary',
  timeoutMs: number,
  opts: CallOptions,
  call: (opts: CallOptions) => Promise<Observation>,
): Promise<Observation> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Observation>((resolve) => {
    timer = setTimeout(() => {
      opts.abort(SHD_ERR_TIMEOUT(side, timeoutMs));
      resolve(observe({ side, error: SHD_ERR_TIMEOUT.code, durationMs: performance.now() - started }));
    }, timeoutMs);
  });
  const answer = Promise.resolve()
    .then(() => call(opts))
    .catch(() => observe({ side, error: SHD_ERR_CANDIDATE_FAILED.code, durationMs: performance.now() - started }));
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
