import { describe, expect, it } from 'vitest';
import { bootstrapMeanDifference, clustersBy, expandedTail } from '../../../aht/statistics/bootstrap.js';

const one = (xs: number[]) => xs.map((v) => ({ sum: v, n: 1 }));

describe('bootstrapMeanDifference', () => {
  it('is reproducible for a seed and brackets the observed difference', () => {
    const a = one([10, 12, 9, 11, 13, 10, 12, 11, 9, 10]);
    const b = one([20, 22, 19, 21, 23, 20, 22, 21, 19, 20]);
    const x = bootstrapMeanDifference(a, b, { seed: 4, rounds: 500 });
    expect(bootstrapMeanDifference(a, b, { seed: 4, rounds: 500 })).toEqual(x);
    expect(x?.low).toBeLessThan(10);
    expect(x?.high).toBeGreaterThan(10);
    expect(x?.low).toBeGreaterThan(8);
  });

  it('groups values into operator clusters', () => {
    expect(clustersBy([1, 2, 3], ['a', 'b', 'a'])).toEqual([{ sum: 4, n: 2 }, { sum: 2, n: 1 }]);
  });

  it('widens the interval for few units and not for many', () => {
    expect(expandedTail(10, 0.95)).toBeLessThan(0.02);
    expect(expandedTail(100000, 0.95)).toBeCloseTo(0.025, 4);
  });
});
