import { describe, expect, it } from 'vitest';
import { srmCheck } from '../../../aht/statistics/srm.js';

describe('srmCheck', () => {
  it('flags a split far from the canary share and accepts a fair one', () => {
    // chi2 = 8 for 60/40 of 200 against 50%: p = 0.004678
    expect(srmCheck(80, 120, 0.5)?.p_value).toBeCloseTo(0.004678, 5);
    expect(srmCheck(500, 500, 0.5)?.mismatch).toBe(false);
    expect(srmCheck(900, 100, 0.5)?.mismatch).toBe(true);
    expect(srmCheck(10, 0, 1)).toBeNull();
  });
});
