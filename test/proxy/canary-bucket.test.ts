import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CANARY_BUCKETS, canaryBucket, inCanary } from '../../proxy/canary-bucket.js';

const OPERATORS = Array.from({ length: 10_000 }, (_, i) => `op-${i}`);

describe('canaryBucket', () => {
  it('puts percent of 10,000 operators in the canary, within ±2 points, for every percent', () => {
    for (const group of ['user', 'inquiry-screens']) {
      const buckets = OPERATORS.map((op) => canaryBucket(op, group));
      for (const percent of [1, 5, 10, 25, 33.3, 50, 75, 90, 99]) {
        const share = (buckets.filter((b) => inCanary(b, percent)).length / OPERATORS.length) * 100;
        expect(Math.abs(share - percent), `${group} at ${percent}%`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('is pinned: the same operator gets the same bucket on every instance and after restarts', () => {
    // Values computed once; a change here would move live operators between sides.
    expect(canaryBucket('op-1', 'user')).toBe(6378);
    expect(canaryBucket('op-42', 'inquiry')).toBe(6335);
    expect(canaryBucket('山田', 'inquiry')).toBe(6358);
  });

  it('raising the percent only moves operators from legacy to new', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (op, group, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const bucket = canaryBucket(op, group);
        expect(bucket).toBeGreaterThanOrEqual(0);
        expect(bucket).toBeLessThan(CANARY_BUCKETS);
        if (inCanary(bucket, low)) expect(inCanary(bucket, high)).toBe(true);
      }),
    );
  });

  it('0 % serves nobody and 100 % everybody', () => {
    const buckets = OPERATORS.slice(0, 2000).map((op) => canaryBucket(op, 'g'));
    expect(buckets.some((b) => inCanary(b, 0))).toBe(false);
    expect(buckets.every((b) => inCanary(b, 100))).toBe(true);
  });

  it('depends on the group, so one group can be on new while another keeps the operator on legacy', () => {
    const differ = OPERATORS.slice(0, 200).filter((op) => canaryBucket(op, 'a') !== canaryBucket(op, 'b'));
    expect(differ.length).toBeGreaterThan(190);
  });
});
