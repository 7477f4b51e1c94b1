import { describe, expect, it } from 'vitest';
import { neededPerArm } from '../../../aht/statistics/power.js';

describe('neededPerArm', () => {
  it('gives the textbook two-sample size for a difference (sd 1, effect 0.5 → 63 per arm)', () => {
    expect(neededPerArm(1, 0.5, 0.1)).toBe(63);
  });
  it('sizes an equivalence test when the effect is inside the margin, and is null without spread', () => {
    expect(neededPerArm(10, 0, 5)).toBe(Math.ceil((2 * (1.959964 + 1.281552) ** 2 * 100) / 25));
    expect(neededPerArm(0, 1, 5)).toBeNull();
  });
});
