import { describe, expect, it } from 'vitest';
import { buildDiffReport } from '../../reports/diff-report.js';
import { renderDiffReport } from '../../reports/render-diff-report.js';
import { FIXED_FLAGS, fixedResults } from './fixtures/shadow-results.js';
import type { ShadowResult } from '../../model/shadow-result.js';

const report = buildDiffReport(fixedResults(), {
  flags: FIXED_FLAGS,
  gateThresholds: { minSamples: 3, minMatch: 0.5, maxErrorRate: 0.5 },
  generatedAt: '2026-11-20T10:00:00.000Z',
});

describe('renderDiffReport', () => {
  it('json is the report', () => {
    expect(JSON.parse(renderDiffReport(report, 'json'))).toEqual(report);
  });

  it('html has every section, a chart, and unified diffs of the examples', () => {
    const html = renderDiffReport(report, 'html');
    expect(html).toContain('<section id="summary">');
    expect(html).toContain('<section class="route" id="route-item-detail">');
    expect(html).toContain('<section class="route" id="route-user-show">');
    for (const title of ['Differing paths (reads)', 'Noise learned', 'Dry-run writes']) expect(html).toContain(`<h3>${title}</h3>`);
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain('<span class="del">- 100</span><span class="add">+ 101</span>');
    expect(html).toContain('    - &quot;$.meta.request_id&quot;');
    expect(html).toContain('@media print');
  });

  it('html holds no raw PII, no markup from the data, and nothing external', () => {
    const html = renderDiffReport(report, 'html');
    expect(html).not.toContain('taro.yamada@example.com');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<link|<iframe|https?:\/\/|@import|url\(/i);
  });

  it('markdown fits a pull-request comment: tables, fenced diffs, no HTML outside the fences', () => {
    const md = renderDiffReport(report, 'md');
    expect(md).toContain('| route | mode | samples | match | errors | timeouts | legacy p50/p95 | candidate p50/p95 | gate |');
    // Samples, match and errors are the gate's (6 reads + 2 dry-runs), as `strangler gate` and the dashboard show them.
    expect(md).toContain('| item-detail | shadow | 8 | 37.5% | 12.5% | 16.7% | 30 ms / 60 ms | 33 ms / 61 ms | ❌ not ready |');
    expect(md).toContain('| user-show | legacy | 0 | – | – | – | – / – | – / – | ❌ not ready |');
    expect(md).toContain('| $.data.items\\[\\*\\].price | changed | 2 | 33.3% |');
    expect(md).toContain('```diff\n--- legacy\n+++ candidate\n-100\n+101\n```');
    expect(md).not.toContain('taro.yamada@example.com');
    const outsideFences = md.replace(/```[\s\S]*?```/g, '');
    expect(outsideFences).not.toMatch(/(^|[^\\])<[a-z/]/im);
    expect(md.length).toBeLessThan(65_536);
  });
});

describe('renderDiffReport md size', () => {
  it('drops examples so that a large report still fits a pull-request comment', async () => {
    const { result } = await import('./fixtures/shadow-results.js');
    const big = Array.from({ length: 400 }, (_, i) =>
      result({
        routeId: `route-${String(i % 40).padStart(2, '0')}`,
        equal: false,
        differences: Array.from({ length: 10 }, (_, k) => ({ path: `$.data.field_${k}`, kind: 'changed' as const, legacy: 'x'.repeat(150), candidate: 'y'.repeat(150) })),
      }),
    );
    const md = renderDiffReport(buildDiffReport(big, { flags: [], gateThresholds: { minSamples: 1, minMatch: 0.9, maxErrorRate: 0 }, generatedAt: 'now' }), 'md');
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md).toContain('Examples left out to fit a pull-request comment');
    expect(md).toContain('| route-39 |');
  });
});

describe('renderDiffReport affected requests', () => {
  const pages = Array.from({ length: 25 }, (_, i): ShadowResult => ({
    id: `p${String(i).padStart(3, '0')}`, ts: 1_700_000_000_000 + i, routeId: 'inquiry-list', method: 'GET', path: `/api/inquiries?page=${i + 1}&status=open`,
    kind: 'read', statusPrimary: 200, statusCandidate: 200, equal: false,
    differences: [{ path: '$.rows[0].created_at', kind: 'changed', legacy: '2024-03-30 09:49:00', candidate: '2024-03-30T00:49:00Z' }],
    noise: [], latencyPrimaryMs: 1, latencyCandidateMs: 1, candidateError: null, tooLarge: false,
  }));
  const paged = buildDiffReport(pages, { flags: [], gateThresholds: { minSamples: 1, minMatch: 1, maxErrorRate: 0 }, generatedAt: '2026-11-20T10:00:00.000Z' });

  it('markdown lists distinct requests with their kept query, and says how many more there are', () => {
    const md = renderDiffReport(paged, 'md');
    expect(md).toContain('(25 distinct)');
    expect(md).toContain('- GET `/api/inquiries?page=1&status=open` ×1');
    expect(md).toContain('- GET `/api/inquiries?page=20&status=open` ×1');
    expect(md).not.toContain('page=21&');
    expect(md).toContain('… and 5 more');
  });

  it('html lists every distinct request, the rest folded', () => {
    const html = renderDiffReport(paged, 'html');
    for (let i = 1; i <= 25; i++) expect(html).toContain(`<code>/api/inquiries?page=${i}&amp;status=open</code>`);
    expect(html).toContain('<summary>15 more</summary>');
  });
});
