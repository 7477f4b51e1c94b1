import { describe, expect, it } from 'vitest';
import { AFFECTED_LIMIT, buildDiffReport } from '../../reports/diff-report.js';
import type { ShadowResult } from '../../model/shadow-result.js';
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
      status: 'not ready',
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
          affected: [{ method: 'GET', path: '/api/items/:id', count: 2 }],
          affectedTotal: 1,
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
          affected: [{ method: 'GET', path: '/api/items/:id', count: 1 }],
          affectedTotal: 1,
          examples: [
            { resultId: 'r010', ts: T + 10_000, method: 'GET', requestPath: '/api/items/:id', path: '$.data.user.email', kind: 'changed', legacy: 'redacted shape:aaaa.aaaaaa@aaaaaaa.aaa', candidate: 'h:4f2a9c' },
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
        maskedByNoise: 1,
        noiseDominated: false,
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
            affected: [{ method: 'POST', path: '/api/inquiries/:id/reply', count: 1 }],
            affectedTotal: 1,
            examples: [{ resultId: 'r009', ts: T + 9000, method: 'POST', requestPath: '/api/inquiries/:id/reply', path: '$.result.id', kind: 'added', candidate: 'x' }],
          },
        ],
      },
      writeNoise: { paths: [], suggestedRules: { generated: [] } },
    },
    {
      routeId: 'user-show',
      flag: { mode: 'legacy', percent: 0, sample: 0 },
      status: 'not ready',
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
        maskedByNoise: 0,
        noiseDominated: false,
        reasons: ['only 0 compared results in the window, need 3'],
      },
      noise: { baselineSamples: 0, paths: [], suggestedRules: { ignore: [] } },
      dryRun: null,
      writeNoise: null,
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

  describe('affected', () => {
    const differing = (id: number, method: string, path: string, at = '$.rows[0].created_at'): ShadowResult => ({
      id: `a${String(id).padStart(5, '0')}`, ts: T + id, routeId: 'inquiry-list', method, path, kind: 'read',
      statusPrimary: 200, statusCandidate: 200, equal: false,
      differences: [{ path: at, kind: 'changed', legacy: '2024-03-30 09:49:00', candidate: '2024-03-30T00:49:00Z' }],
      noise: [], latencyPrimaryMs: 1, latencyCandidateMs: 1, candidateError: null, tooLarge: false,
    });

    it('lists every distinct request on which a path differed, kept query included, with its count', () => {
      const results = [
        differing(1, 'GET', '/api/inquiries?page=1&status=open'),
        differing(2, 'GET', '/api/inquiries?page=2&status=open'),
        differing(3, 'GET', '/api/inquiries?page=2&status=open'),
        differing(4, 'GET', '/api/inquiries?page=2&status=closed'),
        differing(5, 'HEAD', '/api/inquiries?page=1&status=open'),
        // A second differing row of one result counts the request once.
        { ...differing(6, 'GET', '/api/inquiries?page=3'), differences: [differing(0, 'GET', '').differences[0]!, { path: '$.rows[1].created_at', kind: 'changed' as const, legacy: 'a', candidate: 'b' }] },
      ];
      const report = buildDiffReport(results, { flags: [], gateThresholds: THRESHOLDS, generatedAt: GENERATED });
      const top = report.routes[0]!.topPaths[0]!;
      expect(top.path).toBe('$.rows[*].created_at');
      expect(top.affected).toEqual([
        { method: 'GET', path: '/api/inquiries?page=2&status=open', count: 2 },
        { method: 'GET', path: '/api/inquiries?page=1&status=open', count: 1 },
        { method: 'HEAD', path: '/api/inquiries?page=1&status=open', count: 1 },
        { method: 'GET', path: '/api/inquiries?page=2&status=closed', count: 1 },
        { method: 'GET', path: '/api/inquiries?page=3', count: 1 },
      ]);
      expect(top.affectedTotal).toBe(5);
      expect(top.affected.reduce((n, a) => n + a.count, 0)).toBe(top.count);
      // Examples show distinct requests, not one request three times.
      expect(new Set(top.examples.map((e) => e.requestPath)).size).toBe(top.examples.length);
    });

    it('stops the list at 1,000 distinct requests and says how many there were', () => {
      const results = Array.from({ length: 1005 }, (_, i) => differing(i, 'GET', `/api/inquiries?page=${i}`));
      const top = buildDiffReport(results, { flags: [], gateThresholds: THRESHOLDS, generatedAt: GENERATED }).routes[0]!.topPaths[0]!;
      expect(top.affected).toHaveLength(AFFECTED_LIMIT);
      expect(top.affectedTotal).toBe(1005);
      expect(new Set(top.affected.map((a) => a.path)).size).toBe(AFFECTED_LIMIT);
    });
  });

  describe('writeNoise', () => {
    const write = (id: number, differences: ShadowResult['differences']): ShadowResult => ({
      id: `w${id}`, ts: T + id, routeId: 'reply', method: 'POST', path: '/api/inquiries/:id/reply', kind: 'dry-run',
      statusPrimary: 200, statusCandidate: 200, equal: differences.length === 0, differences,
      noise: [], latencyPrimaryMs: 1, latencyCandidateMs: 1, candidateError: null, tooLarge: false,
    });
    const id = (legacy: string, candidate: unknown) => ({ path: '$.data.message_id', kind: 'changed' as const, legacy, candidate });
    const at = (legacy: string, candidate: string) => ({ path: '$.effects.updated_at', kind: 'changed' as const, legacy, candidate });
    const report = (results: ShadowResult[]) => buildDiffReport(results, { flags: [], gateThresholds: THRESHOLDS, generatedAt: GENERATED }).routes[0]!.writeNoise;

    it('suggests generated rules for an id and a timestamp that every write makes anew, same shape on both sides', () => {
      const wn = report([
        write(1, [id('101', '102'), at('2025-01-15 12:04:05', '2025-01-15 12:04:06')]),
        write(2, [id('102', '103'), at('2025-01-15 12:05:10', '2025-01-15 12:05:11')]),
        write(3, []),
      ]);
      expect(wn).toEqual({
        paths: [
          { path: '$.data.message_id', writes: 2, legacyValues: 2, shape: '"9"' },
          { path: '$.effects.updated_at', writes: 2, legacyValues: 2, shape: '"9-9-9 9:9:9"' },
        ],
        suggestedRules: { generated: ['$.data.message_id', '$.effects.updated_at'] },
      });
    });

    it('never suggests a path whose shape differs: a number for a digit string, ISO for JST', () => {
      expect(report([write(1, [id('101', 102)]), write(2, [id('102', 103)])])!.paths).toEqual([]);
      expect(report([write(1, [at('2025-01-15 12:04:05', '2025-01-15T03:04:05Z')]), write(2, [at('2025-01-15 12:05:05', '2025-01-15T03:05:05Z')])])!.paths).toEqual([]);
    });

    it('never suggests a value legacy keeps the same from write to write: a wrong constant is a bug, not write noise', () => {
      const status = (legacy: string, candidate: string) => ({ path: '$.effects.status', kind: 'changed' as const, legacy, candidate });
      expect(report([write(1, [status('closed', 'pending')]), write(2, [status('closed', 'pending')])])!.paths).toEqual([]);
    });
  });
});
