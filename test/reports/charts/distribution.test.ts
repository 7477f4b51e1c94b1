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
    expect(svg).toContain('legacy (n=4)');
  });

  it('draws an empty arm as a label only, and escapes labels', () => {
    const svg = distributionChart('<x>', [{ label: '"a"&<b>', values: [] }]);
    expect(svg).not.toContain('<circle');
    expect(svg).toContain('&quot;a&quot;&amp;&lt;b&gt; (n=0)');
    expect(svg).toContain('<title>&lt;x&gt;</title>');
  });
});
