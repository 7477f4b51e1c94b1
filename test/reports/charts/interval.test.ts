import { describe, expect, it } from 'vitest';
import { intervalChart } from '../../../reports/charts/interval.js';

describe('intervalChart', () => {
  it('shades the margin symmetrically around zero and draws the interval', () => {
    const svg = intervalChart('d', { mean: -2, low: -4, high: 1, margin: 5 });
    const rect = /<rect x="([\d.]+)" y="6" width="([\d.]+)"/.exec(svg);
    const zero = /<line x1="([\d.]+)" x2="[\d.]+" y1="4"/.exec(svg);
    expect(rect).not.toBeNull();
    expect(zero).not.toBeNull();
    const [left, width, mid] = [Number(rect![1]), Number(rect![2]), Number(zero![1])];
    expect(left + width / 2).toBeCloseTo(mid, 1);
    expect(svg).toContain('class="estimate"');
    expect(svg.match(/class="ci"/g)).toHaveLength(3);
  });

  it('says so when there is no interval', () => {
    const svg = intervalChart('d', { mean: null, low: null, high: null, margin: 5 });
    expect(svg).toContain('not enough data');
    expect(svg).not.toContain('class="estimate"');
  });
});
