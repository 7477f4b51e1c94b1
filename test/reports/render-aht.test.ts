import { describe, expect, it } from 'vitest';
import { renderAhtReport, SHARED_THINK_TIMES_NOTE } from '../../reports/render-aht.js';
import { AHT_REPORT } from './fixtures/aht-report.js';

describe('renderAhtReport', () => {
  it('json is the report itself plus its notes', () => {
    const parsed = JSON.parse(renderAhtReport(AHT_REPORT, 'json', { thinkTimesShared: true }));
    expect(parsed).toEqual({ ...AHT_REPORT, notes: [SHARED_THINK_TIMES_NOTE] });
    expect(JSON.parse(renderAhtReport(AHT_REPORT, 'json')).notes).toEqual([]);
  });

  it('html is self-contained, has its sections and one distribution and one interval chart per case and path', () => {
    const html = renderAhtReport(AHT_REPORT, 'html', { thinkTimesShared: true });
    for (const id of ['method', 'cases', 'paths']) expect(html).toContain(`<section id="${id}">`);
    // Per case: daily series, operator dots, handling distribution, interval; per path: distribution, interval.
    expect(html.match(/<svg /g)).toHaveLength(6);
    expect(html).toContain('class="sentence"');
    expect(html).toContain('class="canary"');
    // n on a chart is the data's n.
    expect(html).toContain('legacy (n = 6)');
    expect(html).toContain('class="margin"');
    expect(html).toContain('same distribution for both arms');
    expect(html).not.toMatch(/<script|https?:\/\/|@import|url\(/i);
    // The case name is data: escaped, never markup.
    expect(html).toContain('inquiry &lt;reply&gt;');
    expect(html).not.toContain('<reply>');
    expect(html).toContain('@media print');
  });

  it('markdown is tables without HTML', () => {
    const md = renderAhtReport(AHT_REPORT, 'md', { thinkTimesShared: true });
    expect(md).toContain('| case type | legacy n | legacy operators | legacy mean | new n | new operators | new mean | new − legacy [95% CI] | p | ICC | verdict |');
    expect(md).toContain('| inquiry \\<reply> | 6 | 6 | 85.0 s | 5 | 5 | 60.0 s | -25.0 s [-40.0 s, -10.0 s] | < 0.001 | 0.12 | new faster |');
    expect(md).toContain('| inquiry \\<reply> | GET item-detail | 12.0 s | 11.5 s | -1.0 s [-6.0 s, +4.0 s] | 0.700 | inconclusive (too few operators) |');
    // The plain sentence comes first, and prose carries no needless escapes.
    expect(md.split('\n')[2]).toBe('On inquiry \\<reply>, the new stack is 25 s faster per handling (95 % CI 10–40 s, 5 operators on new, 6 on legacy, 2 days); abandonment unchanged, reopens unchanged.');
    expect(md).toContain('(over_max_duration)');
    expect(md).not.toMatch(/\\[()]/);
    expect(md).not.toMatch(/(^|[^\\])<[a-z/]/im);
    expect(md).toContain('> Simulated data');
  });

  it('leaves notes out when think times are not known to be shared', () => {
    expect(renderAhtReport(AHT_REPORT, 'html')).not.toContain('same distribution for both arms');
  });
});
