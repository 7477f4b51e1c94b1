import { describe, expect, it } from 'vitest';
import { distributionChart } from '../../../reports/charts/distribution.js';

describe('distributionChart', () => {
  it('draws a box, a median and one dot per value for each arm', () => {
    const svg = distributionChart('t', [
      { label: 'legacy', values: [1, 2, 3, 4] },
      { label: 'new', values: [2, 3] },
    ]);
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.match(/class="box /g)).toHaveLength(2);
    expect(svg.match(/class="median /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg).toContain('legacy (n = 4)');
    // The 5–95 % range is written at the whisker's ends.
    expect(svg).toContain('5%: 1 s');
    expect(svg).toContain('95%: 4 s');
  });

  it('draws an empty arm as a label only, and escapes labels', () => {
    const svg = distributionChart('<x>', [{ label: '"a"&<b>', values: [] }]);
    expect(svg).not.toContain('<circle');
    expect(svg).toContain('&quot;a&quot;&amp;&lt;b&gt; (n = 0)');
    expect(svg).toContain('<title>&lt;x&gt;</title>');
  });

  it("prints the data's n when the dots are a sample of it", () => {
    expect(distributionChart('t', [{ label: 'new', values: [10, 20, 30], n: 5000 }])).toContain('new (n = 5000)');
  });

  it('puts handling times on a log axis: 10 s and 1000 s sit as far apart as 1000 s and 100000 s', () => {
    const svg = distributionChart('t', [{ label: 'a', values: [10, 1000, 100000] }]);
    const xs = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs[1] - xs[0]).toBeCloseTo(xs[2] - xs[1], 0);
  });
});
