import { describe, it, expect } from 'vitest';
import { createSampler, isSafeMethod } from '../../shadow/sampler.js';

describe('sampler', () => {
  it('samples about the fraction asked', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const s = createSampler(random);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (s.sample(0.25)) hits++;
    expect(hits).toBeGreaterThan(2_300);
    expect(hits).toBeLessThan(2_700);
  });

  it('0 never and 1 always, whatever the random source', () => {
    const s = createSampler(() => 0);
    expect(s.sample(0)).toBe(false);
    expect(createSampler(() => 0.999999).sample(1)).toBe(true);
  });

  it('never picks a write for the noise baseline', () => {
    const s = createSampler(() => 0);
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(s.noise(1, m)).toBe(false);
    for (const m of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(s.noise(1, m)).toBe(true);
    expect(isSafeMethod('POST')).toBe(false);
  });
});
