import type { Dispatcher } from 'undici';

/** Subscribe to a deadline: `fire` is called once when it passes; the returned function unsubscribes. */
export type OnDeadline = (fire: (reason: Error) => void) => () => void;

/** Options a call passes to the {@link deadline} wrapper through undici's dispatch options. */
export interface DeadlineOptions {
  /** When the call must end; absent: no deadline. */
  onDeadline?: OnDeadline;
}

/** A deadline `ms` from now (one timer per call). */
export function afterMs(ms: number): OnDeadline {
  return (fire) => {
    const timer = setTimeout(() => fire(new DeadlineExceeded(ms)), ms);
    return () => clearTimeout(timer);
  };
}

/** The reason a call ended at its deadline; callers map it to their own coded error. */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number | null) {
    super(ms === null ? 'deadline passed' : `no answer within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * An undici compose interceptor: when the deadline passes, the caller hears of it at once (even while
 * the connection is still opening) and the request is aborted; callbacks after that are dropped.
 */
export function deadline(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const onDeadline = (opts as DeadlineOptions).onDeadline;
    if (onDeadline === undefined) return dispatch(opts, handler);
    let controller: Dispatcher.DispatchController | null = null;
    let over = false;
    const end = (): boolean => {
      if (over) return false;
      over = true;
      stop();
      return true;
    };
    let stop = (): void => undefined;
    const fire = (reason: Error): void => {
      if (!end()) return;
      controller?.abort(reason);
      handler.onResponseError?.(controller as Dispatcher.DispatchController, reason);
    };
    stop = onDeadline(fire);
    if (over) return true; // already passed: nothing is sent
    return dispatch(opts, {
      onRequestStart(c, context) {
        controller = c;
        handler.onRequestStart?.(c, context);
      },
      onRequestUpgrade: (c, status, headers, socket) => handler.onRequestUpgrade?.(c, status, headers, socket),
      onResponseStart(c, status, headers, message) {
        if (!over) handler.onResponseStart?.(c, status, headers, message);
      },
      onResponseData(c, chunk) {
        if (!over) handler.onResponseData?.(c, chunk);
      },
      onResponseEnd(c, trailers) {
        if (end()) handler.onResponseEnd?.(c, trailers);
      },
      onResponseError(c, err) {
        if (end()) handler.onResponseError?.(c, err);
      },
    });
  };
}
