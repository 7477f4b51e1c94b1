import { describe, expect, it } from 'vitest';
import { NoiseModel } from '../../compare/noise.js';
import type { Difference } from '../../model/difference.js';
import type { ShadowResult } from '../../model/shadow-result.js';

const d = (path: string): Difference => ({ path, kind: 'changed', legacy: 1, candidate: 2 });
const thresholds = { relativeThreshold: 2, absoluteThreshold: 0.1 };

/** Feed `n` samples of which `hits` differ at `path`. */
function feed(m: NoiseModel, kind: 'noise' | 'candidate', route: string, path: string, hits: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const diffs = i < hits ? [d(path)] : [];
    if (kind === 'noise') m.recordNoise(route, diffs);
    else m.recordCandidate(route, diffs);
  }
}

describe('NoiseModel', () => {
  it('a path never seen differing legacy-vs-legacy is never noise', () => {
    const m = new NoiseModel(thresholds);
    feed(m, 'noise', 'r', '$.ts', 10, 10);
    feed(m, 'candidate', 'r', '$.price', 1, 100);
    expect(m.isNoise('r', '$.price')).toBe(false);
    expect(m.isNoise('other', '$.ts')).toBe(false);
  });
  it('a path differing about as often as legacy differs from itself is noise', () => {
    const m = new NoiseModel(thresholds);
    feed(m, 'noise', 'r', '$.ts', 50, 100);
    feed(m, 'candidate', 'r', '$.ts', 60, 100);
    expect(m.isNoise('r', '$.ts')).toBe(true);
    expect(m.noisePaths('r')).toEqual(['$.ts']);
  });
  it('needs both thresholds to call a difference real', () => {
    // rate 0.30 vs noise 0.10: relative 3 ≥ 2 and absolute 0.2 ≥ 0.1 → real
    const real = new NoiseModel(thresholds);
    feed(real, 'noise', 'r', '$.a', 10, 100);
    feed(real, 'candidate', 'r', '$.a', 30, 100);
    expect(real.isNoise('r', '$.a')).toBe(false);
    // rate 0.15 vs 0.05: relative 3 but absolute only 0.1 − ε → still real at exactly 0.1? use 0.14 → noise
    const smallAbs = new NoiseModel(thresholds);
    feed(smallAbs, 'noise', 'r', '$.a', 5, 100);
    feed(smallAbs, 'candidate', 'r', '$.a', 14, 100);
    expect(smallAbs.isNoise('r', '$.a')).toBe(true);
    // rate 0.70 vs 0.50: absolute 0.2 but relative 1.4 < 2 → noise
    const smallRel = new NoiseModel(thresholds);
    feed(smallRel, 'noise', 'r', '$.a', 50, 100);
    feed(smallRel, 'candidate', 'r', '$.a', 70, 100);
    expect(smallRel.isNoise('r', '$.a')).toBe(true);
  });
  it('generalises array indices and counts each path once per request', () => {
    const m = new NoiseModel(thresholds);
    m.recordNoise('r', [d('$.items[0].at'), d('$.items[7].at')]);
    m.recordCandidate('r', [d('$.items[3].at'), d('$.items[4].at'), d('$.items[5].at')]);
    const [s] = m.stats('r');
    expect(s).toMatchObject({ path: '$.items[*].at', noiseCount: 1, candidateCount: 1, noiseRate: 1, candidateRate: 1, noise: true });
    expect(m.isNoise('r', '$.items[42].at')).toBe(true);
  });
  it('generalises the same way past the bound of remembered paths (the memo is cleared, never wrong)', () => {
    const m = new NoiseModel(thresholds);
    // More distinct concrete paths than the memo holds (4,096), then the first ones again.
    for (let i = 0; i < 5000; i++) m.recordNoise('r', [d(`$.k${i}.items[${i}].at`)]);
    m.recordCandidate('r', [d('$.k0.items[9].at')]);
    const stats = m.stats('r');
    expect(stats).toHaveLength(5000);
    expect(stats.find((s) => s.path === '$.k0.items[*].at')).toMatchObject({ noiseCount: 1, candidateCount: 1 });
    // Seen differing legacy-vs-legacy and never by the candidate: noise, whichever index.
    expect(m.isNoise('r', '$.k4999.items[7].at')).toBe(true);
    expect(m.isNoise('r', '$.k5000.items[0].at')).toBe(false);
  });
  it('classifies differences into real and noise', () => {
    const m = new NoiseModel(thresholds);
    feed(m, 'noise', 'r', '$.ts', 10, 10);
    feed(m, 'candidate', 'r', '$.ts', 10, 10);
    const { real, noise } = m.classify('r', [d('$.ts'), d('$.price')]);
    expect(real.map((x) => x.path)).toEqual(['$.price']);
    expect(noise.map((x) => x.path)).toEqual(['$.ts']);
  });
  it('suggests rules by how legacy differs from itself: values generated, reorders unordered, the rest ignored (parents covering children)', () => {
    const m = new NoiseModel(thresholds);
    const gone: Difference = { path: '$.meta', kind: 'removed', legacy: {} };
    const moved: Difference = { path: '$.list', kind: 'order', legacy: [1, 2], candidate: [2, 1] };
    for (let i = 0; i < 20; i++) {
      m.recordNoise('r', [gone, d('$.meta.id'), d('$.list[3].token'), moved]);
      m.recordCandidate('r', [gone, d('$.list[1].token'), d('$.price'), moved]);
    }
    const s = m.suggestRules('r');
    expect(s.rules).toEqual({ unordered: ['$.list'], generated: ['$.list[*].token'], ignore: ['$.meta'] });
    expect(s.reasons.map((x) => [x.path, x.shape, x.noiseRate, x.candidateRate])).toEqual([
      ['$.list', 'order', 1, 1],
      ['$.list[*].token', 'value', 1, 1],
      ['$.meta', 'removed', 1, 1],
    ]);
    expect(s.noiseSamples).toBe(20);
    expect(new NoiseModel().suggestRules('none').rules).toEqual({});
  });
  it('rebuilds from stored results: noise vs read, skipping failed and too large ones', () => {
    const base: ShadowResult = {
      id: '1', ts: 0, routeId: 'r', method: 'GET', path: '/x', kind: 'noise', statusPrimary: 200, statusCandidate: 200,
      equal: false, differences: [d('$.ts')], noise: [], latencyPrimaryMs: 1, latencyCandidateMs: 1, candidateError: null, tooLarge: false,
    };
    const results: ShadowResult[] = [
      base,
      { ...base, kind: 'read' },
      { ...base, kind: 'read', differences: [d('$.price')] },
      { ...base, kind: 'read', candidateError: 'SHD_ERR_TIMEOUT', differences: [d('$.boom')] },
      { ...base, kind: 'read', tooLarge: true, differences: [d('$.big')] },
    ];
    const m = NoiseModel.fromResults(results, thresholds);
    expect(m.isNoise('r', '$.ts')).toBe(true);
    expect(m.stats('r').map((s) => [s.path, s.noiseCount, s.candidateCount])).toEqual([
      ['$.price', 0, 1],
      ['$.ts', 1, 1],
    ]);
  });
});
