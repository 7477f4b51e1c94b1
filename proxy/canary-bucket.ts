import { createHash } from 'node:crypto';

/** Operators are spread over this many buckets: a percent has two decimals of resolution. */
export const CANARY_BUCKETS = 10_000;

/**
 * The sticky canary bucket (0..9999) of an operator in a route group: the first 32 bits of
 * SHA-1(group, NUL, operator id) modulo 10,000. It depends on nothing but its two inputs, so it is the
 * same on every instance and across restarts.
 */
export function canaryBucket(operatorId: string, group: string): number {
  const digest = createHash('sha1').update(group).update('\0').update(operatorId).digest();
  return digest.readUInt32BE(0) % CANARY_BUCKETS;
}

/**
 * True when the bucket falls inside the canary share `percent` (0..100): bucket < percent × 100.
 * A bucket in at one percent is in at every higher percent, so raising it only moves operators to `new`.
 */
export function inCanary(bucket: number, percent: number): boolean {
  return bucket < Math.round(percent * 100);
}
