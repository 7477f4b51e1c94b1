import type { Handling } from './handling.js';

/** How a handling ended. */
export type EndReason = 'completed' | 'abandoned' | 'transferred';

/**
 * The end reason of a handling: the one sessionisation records, or `completed` for handlings from a
 * sessionisation that records none (then only completed handlings are listed). The one place that reads it.
 */
export function endReasonOf(h: Handling): EndReason {
  const r = (h as Handling & { endReason?: EndReason }).endReason;
  return r ?? 'completed';
}

/** True when the handlings carry their end reason (abandonment per arm is then known). */
export function endReasonsKnown(handlings: readonly Handling[]): boolean {
  return handlings.length > 0 && handlings.every((h) => (h as Handling & { endReason?: EndReason }).endReason !== undefined);
}
