import { describe, expect, it } from 'vitest';
import { buildDiffReport } from '../../reports/diff-report.js';
import type { DiffReport } from '../../reports/diff-report.js';
import { FIXED_FLAGS, fixedResults } from './fixtures/shadow-results.js';

const THRESHOLDS = { minSamples: 3, minMatch: 0.5, maxErrorRate: 0.5 };
const GENERATED = '2026-11-20T10:00:00.000Z';
const T = 1_700_000_000_000;
const nullLatency = { legacy: { p50: null, p95: null }, candidate: { p50: null, p95: null } };

const EXPECTED: DiffReport = {
  generatedAt: GENERATED,
  since: null,
  store: null,
  gateThresholds: THRESHOLDS,
  totals: { routes: 2, samples: 6, ready: 0, dryRunSamples: 2 },
  routes: [
    {
      routeId: 'item-detail',
      flag: { mode: 'shadow', percent: 0, sample: 1 },
      samples: 6,
      matchRate: 0.3333,
      errorRate: 0.1667,
      timeoutRate: 0.1667,
      tooLarge: 1,
      latency: { legacy: { p50: 30, p95: 60 }, candidate: { p50: 33, p95: 61 } },
      topPaths: [
        {
          path: '$.data.items[*].price',
          count: 2,
          share: 0.3333,
          kind: 'changed',
          kinds: { changed: 1, type: 1 },
          examples: [
            { resultId: 'r002', ts: T + 2000, method: 'GET', requestPath: '/api/items/:id', path: '$.data.items[0].price', kind: 'changed', legacy: 100, candidate: 101 },
            { resultId: 'r003', ts: T + 3000, method: 'GET', requestPath: '/api/items/:id', path: '$.data.items[2].price', kind: 'type', legacy: 5, candidate: '<img src=x onerror=alert(1)>' },
          ],
        },
        {
          path: '$.data.user.email',
          count: 1,
          share: 0.1667,
          kind: 'changed',
          kinds: { changed: 1 },
          examples: [
            { resultId: 'r010', ts: T + 10_000, method: 'GET', requestPath: '/api/items/:id', path: '$.data.user.email', kind: 'changed', legacy: '[email]', candidate: 'h:4f2a9c' },
          ],
        },
      ],
      gate: {
        ready: false,
        samples: 8,
        matched: 3,
        matchRate: 0.375,
        candidateErrors: 1,
        errorRate: 0.125,
        skipped: 2,
        reasons: ['match rate after noise 37.50% (3/8) is below 50.00%'],
      },
      noise: {
        baselineSamples: 1,
        paths: [
          { path: '$.data.updated_at', count: 3 },
          { path: '$.meta.request_id', count: 1 },
        ],
        suggestedRules: { ignore: ['$.data.updated_at', '$.meta.request_id'] },
      },
      dryRun: {
        samples: 2,
        matchRate: 0.5,
        errorRate: 0,
        timeoutRate: 0,
        tooLarge: 0,
        latency: { legacy: { p50: 5, p95: 7 }, candidate: { p50: 6, p95: 8 } },
        topPaths: [
          {
            path: '$.result.id',
            count: 1,
            share: 0.5,
            kind: 'added',
            kinds: { added: 1 },
            examples: [{ resultId: 'r009', ts: T + 9000, method: 'POST', requestPath: '/api/inquiries/:id/reply', path: '$.result.id', kind: 'added', candidate: 'x' }],
          },
        ],
      },
    },
    {
      routeId: 'user-show',
      flag: { mode: 'legacy', percent: 0, sample: 0 },
      samples: 0,
      matchRate: null,
      errorRate: null,
      timeoutRate: null,
      tooLarge: 0,
      latency: nullLatency,
      topPaths: [],
      gate: {
        ready: false,
        samples: 0,
        matched: 0,
        matchRate: 0,
        candidateErrors: 0,
        errorRate: 0,
        skipped: 0,
        reasons: ['only 0 compared results in the window, need 3'],
      },
      noise: { baselineSamples: 0, paths: [], suggestedRules: { ignore: [] } },
      dryRun: null,
    },
  ],
};

describe('buildDiffReport', () => {
  it('builds the exact report from a fixed result set', () => {
    const report = buildDiffReport(fixedResults(), { flags: FIXED_FLAGS, gateThresholds: THRESHOLDS, generatedAt: GENERATED });
    expect(report).toEqual(EXPECTED);
  });

  it('does not depend on the order the store returned the results in', () => {
    const report = buildDiffReport(fixedResults().reverse(), { flags: FIXED_FLAGS, gateThresholds: THRESHOLDS, generatedAt: GENERATED });
    expect(report).toEqual(EXPECTED);
  });

  it('lists a route that has results but no flag, and says ready when the gate passes', () => {
    const results = fixedResults().filter((r) => r.id === 'r001');
    const report = buildDiffReport(results, { flags: [], gateThresholds: { minSamples: 1, minMatch: 0.9, maxErrorRate: 0 }, generatedAt: GENERATED, since: '2026-11-19T10:00:00.000Z' });
    expect(report.since).toBe('2026-11-19T10:00:00.000Z');
    expect(report.routes.map((r) => [r.routeId, r.flag, r.samples, r.matchRate, r.gate.ready])).toEqual([['item-detail', null, 1, 1, true]]);
    expect(report.totals.ready).toBe(1);
  });
});
