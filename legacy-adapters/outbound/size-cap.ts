import type { Dispatcher } from 'undici';

/** Options a call passes to the {@link sizeCap} wrapper through undici's dispatch options. */
export interface SizeCapOptions {
  /** Largest answer body accepted, bytes; absent: no cap. */
  maxResponseBytes?: number;
}

/** The reason a call was stopped: its answer passed the cap. */
export class ResponseTooLarge extends Error {
  constructor(readonly limit: number, readonly statusCode: number) {
    super(`answer larger than ${limit} bytes`);
    this.name = 'ResponseTooLarge';
  }
}

/**
 * An undici compose interceptor: counts the answer body and aborts the request past
 * `maxResponseBytes` (the rest would only be thrown away). `uncounted(status)` names answers whose
 * body is never read and so never capped (the GraphQL client skips 5xx pages).
 */
export function sizeCap(policy: { uncounted?: (statusCode: number) => boolean } = {}): Dispatcher.DispatcherComposeInterceptor {
  const uncounted = policy.uncounted ?? (() => false);
  return (dispatch) => (opts, handler) => {
    const max = (opts as SizeCapOptions).maxResponseBytes;
    if (max === undefined) return dispatch(opts, handler);
    let size = 0;
    let counted = true;
    let status = 0;
    let stopped = false;
    return dispatch(opts, {
      onRequestStart: (c, context) => handler.onRequestStart?.(c, context),
      onRequestUpgrade: (c, s, headers, socket) => handler.onRequestUpgrade?.(c, s, headers, socket),
      onResponseStart(c, statusCode, headers, message) {
        status = statusCode;
        counted = !uncounted(statusCode);
        handler.onResponseStart?.(c, statusCode, headers, message);
      },
      onResponseData(c, chunk) {
        if (stopped) return;
        if (counted && (size += chunk.length) > max) {
          stopped = true;
          const reason = new ResponseTooLarge(max, status);
          c.abort(reason);
          return;
        }
        handler.onResponseData?.(c, chunk);
      },
      onResponseEnd: (c, trailers) => handler.onResponseEnd?.(c, trailers),
      onResponseError: (c, err) => handler.onResponseError?.(c, err),
    });
  };
}
