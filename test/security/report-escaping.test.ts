import { describe, expect, it } from 'vitest';
import { buildDiffReport, renderDiffReport } from '../../reports/index.js';
import { makeResult } from '../store/fixtures.js';

// A path and answer values are chosen by whoever sends the request or writes legacy's data: a report
// opened in a browser must show them as text.
const XSS = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';

describe('reports render attacker-chosen text as text', () => {
  const results = Array.from({ length: 5 }, (_, i) => makeResult({
    routeId: 'inquiry', path: `/api/inquiries/${XSS}?q=${IMG}`, equal: false,
    differences: [{ path: `$.data["${XSS}"]`, kind: 'changed', legacy: IMG, candidate: { [XSS]: `${IMG}${i}` } }],
    candidateError: i === 0 ? `${XSS} failed` : null,
  }));
  const report = buildDiffReport(results, { flags: [{ routeId: 'inquiry', mode: 'shadow', percent: 0, sample: 1, updatedAt: 0, updatedBy: 'x' }], gateThresholds: { minSamples: 1, minMatch: 0.99, maxErrorRate: 0.01 }, generatedAt: new Date(0).toISOString() });

  it('HTML: no live tag or attribute from the data', () => {
    const html = renderDiffReport(report, 'html');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toMatch(/onerror=alert\(2\)>/);
  });

  it('Markdown: no raw HTML from the data (Markdown viewers render inline HTML)', () => {
    const md = renderDiffReport(report, 'md');
    // fenced code blocks render as text; outside them nothing may be raw HTML
    const outside = md.replace(/^```[a-z]*\n[\s\S]*?^```$/gm, '');
    expect(outside).not.toMatch(/(?<!\\)<(script|img)/); // `\<` is a literal < in Markdown
    expect(md).toContain('```diff'); // the example was there to be escaped
  });

  it('Markdown: a value holding a code fence cannot close the example block', () => {
    const fenced = makeResult({ routeId: 'inquiry', path: '/a', equal: false, differences: [{ path: '$.x', kind: 'changed', legacy: '```\n<script>alert(3)</script>\n```', candidate: 'b' }] });
    const md = renderDiffReport(buildDiffReport([fenced, fenced], { flags: [{ routeId: 'inquiry', mode: 'shadow', percent: 0, sample: 1, updatedAt: 0, updatedBy: 'x' }], gateThresholds: { minSamples: 1, minMatch: 0.99, maxErrorRate: 0.01 }, generatedAt: new Date(0).toISOString() }), 'md');
    const outside = md.replace(/^```[a-z]*\n[\s\S]*?^```$/gm, '');
    expect(outside).not.toContain('<script>');
  });
});
