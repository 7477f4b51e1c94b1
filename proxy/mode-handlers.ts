import type { RouteMode } from '../model/flag.js';
import type { RequestContext } from './request-context.js';

/**
 * Serves one request in one mode. Called synchronously on the request path; it must answer through
 * ctx.res or ctx.passthrough() and record its outcome with ctx.setOutcome before the response ends.
 * Nothing slow may be awaited before legacy is called in shadow mode.
 */
export type ModeHandler = (ctx: RequestContext) => void;

/** Handlers keyed by mode; only `legacy` is built in. */
export type ModeHandlers = Partial<Record<RouteMode, ModeHandler>>;

/** The built-in legacy mode: stream to legacy, untouched. */
export const legacyHandler: ModeHandler = (ctx) => {
  ctx.setOutcome({ servedBy: 'legacy', arm: 'legacy' });
  ctx.passthrough();
};

/** Merge registered handlers over the built-in ones. */
export function resolveHandlers(registered: ModeHandlers = {}): Map<RouteMode, ModeHandler> {
  const map = new Map<RouteMode, ModeHandler>([['legacy', legacyHandler]]);
  for (const [mode, handler] of Object.entries(registered) as [RouteMode, ModeHandler | undefined][]) {
    if (handler) map.set(mode, handler);
  }
  return map;
}
