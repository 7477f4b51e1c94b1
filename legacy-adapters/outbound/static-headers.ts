import type { Dispatcher } from 'undici';

/**
 * An undici compose interceptor adding fixed headers to every call (the candidate's credentials from
 * `candidate.headers`). The values are never logged.
 */
export function staticHeaders(headers: Readonly<Record<string, string>>): Dispatcher.DispatcherComposeInterceptor {
  const entries = Object.entries(headers);
  return (dispatch) => (opts, handler) => {
    if (entries.length === 0) return dispatch(opts, handler);
    const own = (opts.headers ?? {}) as Record<string, string | string[]>;
    return dispatch({ ...opts, headers: { ...own, ...Object.fromEntries(entries) } }, handler);
  };
}
