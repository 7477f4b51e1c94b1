import type { ModeHandler } from './mode-handlers.js';
import { legacyHandler } from './mode-handlers.js';
import type { ServeNew } from './new-mode.js';
import { canaryBucket, inCanary } from './canary-bucket.js';

/**
 * The proxy's `canary` mode: operators whose sticky bucket (operator id × the route's `group`) is below
 * the live `percent` are served by the new stack (arm `canary-new`), the rest and requests without an
 * operator id by legacy (arm `canary-legacy`). `legacySide` serves the legacy side: plain passthrough,
 * or the shadow handler so the candidate runs beside legacy for the route's `sample` fraction.
 */
export function canaryModeHandler(serveNew: ServeNew, legacySide: ModeHandler = legacyHandler): ModeHandler {
  return (ctx) => {
    const route = ctx.route;
    if (route !== null && ctx.operatorId !== null && inCanary(canaryBucket(ctx.operatorId, route.config.group || route.id), ctx.flag.percent)) {
      serveNew(ctx, 'canary-new');
      return;
    }
    legacySide(ctx);
    // After legacySide, which records its own arm (`legacy`, `shadow`): the experiment arm is the canary's.
    ctx.setOutcome({ servedBy: 'legacy', arm: 'canary-legacy' });
  };
}
