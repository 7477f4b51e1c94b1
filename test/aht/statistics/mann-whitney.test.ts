import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../../../aht/statistics/mann-whitney.js';

describe('mannWhitneyU', () => {
  it('matches U and the normal-approximation p-value worked by hand', () => {
    const a = [1.1, 2.2, 3.3, 4.4, 5.5, 6.6, 7.7, 8.8];
    const b = [3.0, 5.0, 7.0, 9.0, 11.0, 13.0, 15.0, 17.0];
    const r = mannWhitneyU(a, b);
    // U = 0+0+1+1+2+2+3+3 = 12; μ = 32; σ² = 8·8·17/12; z = (20 − 0.5)/σ = 2.0479; p = 2(1 − Φ(z)) = 0.04057
    expect(r?.u).toBe(12);
    expect(r?.pValue).toBeCloseTo(0.04057, 4);
  });

  it('corrects for ties and gives p = 1 for identical samples', () => {
    expect(mannWhitneyU([1, 1, 2, 2], [1, 1, 2, 2])?.pValue).toBe(1);
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5])?.pValue).toBe(1);
    expect(mannWhitneyU([], [1])).toBeNull();
  });
});
