import { describe, expect, it } from 'vitest';
import { linearScale, niceTicks } from '../../../reports/charts/linear-scale.js';

describe('linearScale', () => {
  it('maps the domain ends to the range ends', () => {
    const x = linearScale([0, 10], [100, 200]);
    expect(x(0)).toBe(100);
    expect(x(5)).toBe(150);
    expect(x(10)).toBe(200);
  });

  it('widens an empty domain instead of dividing by zero', () => {
    const x = linearScale([3, 3], [0, 100]);
    expect(x(3)).toBe(50);
  });

  it('picks round ticks', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-7, 7, 6)).toEqual([-5, 0, 5]);
  });
});
