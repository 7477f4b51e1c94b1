import type { Handling, HandlingOutcome } from './handling.js';

/** How a handling ended. */
export type EndReason = HandlingOutcome;

/** The end reason of a handling (sessionisation records it as `outcome`). The one place that reads it. */
export function endReasonOf(h: Handling): EndReason {
  return h.outcome;
}

/** True when the handlings carry their end reason (abandonment per arm is then known): always, since sessionisation records it. */
export function endReasonsKnown(handlings: readonly Handling[]): boolean {
  return handlings.length > 0;
}
