import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../flags/gate.js';
import { makeResult } from '../store/fixtures.js';

const t = { minSamples: 10, minMatch: 0.9, maxErrorRate: 0.05 };

describe('evaluateGate', () => {
  it('is ready with enough samples that match after noise', () => {
    const results = [
      ...Array.from({ length: 9 }, () => makeResult()),
      // A difference whose only path is known noise counts as a match.
      makeResult({ equal: false, differences: [{ path: '$.updatedAt', kind: 'changed', legacy: 1, candidate: 2 }], noise: ['$.updatedAt'] }),
    ];
    const v = evaluateGate(results, t);
    expect(v).toMatchObject({ ready: true, samples: 10, matched: 10, matchRate: 1, errorRate: 0, reasons: [] });
  });

  it('is not ready with too few samples, and says so', () => {
    const v = evaluateGate([makeResult()], t);
    expect(v.ready).toBe(false);
    expect(v.reasons).toHaveLength(1);
    expect(evaluateGate([], t).reasons).toHaveLength(1);
  });

  it('counts a difference outside the noise list as a mismatch', () => {
    const bad = makeResult({ equal: false, differences: [{ path: '$.price', kind: 'changed' }, { path: '$.updatedAt', kind: 'changed' }], noise: ['$.updatedAt'] });
    const v = evaluateGate([...Array.from({ length: 8 }, () => makeResult()), bad, bad], t);
    expect(v).toMatchObject({ ready: false, samples: 10, matched: 8, matchRate: 0.8 });
    expect(v.reasons).toHaveLength(1);
  });

  it('counts candidate errors (error code or 5xx) against the error rate', () => {
    const results = [
      ...Array.from({ length: 18 }, () => makeResult()),
      makeResult({ statusCandidate: null, candidateError: 'SHD_ERR_TIMEOUT', equal: false }),
      makeResult({ statusCandidate: 502, equal: false }),
    ];
    const v = evaluateGate(results, { minSamples: 10, minMatch: 0.8, maxErrorRate: 0.05 });
    expect(v).toMatchObject({ ready: false, candidateErrors: 2, errorRate: 0.1, matched: 18 });
    expect(v.reasons).toHaveLength(1);
  });

  it('leaves out noise baselines and too-large bodies', () => {
    const results = [
      ...Array.from({ length: 10 }, () => makeResult()),
      makeResult({ kind: 'noise', equal: false, differences: [{ path: '$.x', kind: 'changed' }] }),
      makeResult({ tooLarge: true, equal: false }),
    ];
    expect(evaluateGate(results, t)).toMatchObject({ ready: true, samples: 10, skipped: 2 });
  });
});

describe('evaluateGate: noise-dominated', () => {
  const t = { minSamples: 4, minMatch: 0.75, maxErrorRate: 0.1 };
  const masked = () => makeResult({ equal: false, differences: [{ path: '$.data.inquiries[0].created_at', kind: 'changed', legacy: 'a', candidate: 'b' }], noise: ['$.data.inquiries[0].created_at'] });

  it('regression: a busy list whose every row difference was learned as noise no longer passes (match 100 %, "differing paths: none")', () => {
    const v = evaluateGate([masked(), masked(), masked(), makeResult()], t);
    expect(v.matchRate).toBe(1);
    expect(v).toMatchObject({ ready: false, maskedByNoise: 3, noiseDominated: true });
    expect(v.reasons).toEqual([expect.stringMatching(/^noise-dominated: 3 of 4 comparisons match only because/)]);
  });

  it('a route with a little noise among equal answers is judged on its answers', () => {
    const v = evaluateGate([masked(), makeResult(), makeResult(), makeResult()], t);
    expect(v).toMatchObject({ ready: true, maskedByNoise: 1, noiseDominated: false, reasons: [] });
  });
});
