import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../store/duration.js';

describe('parseDuration', () => {
  it('reads the units', () => {
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
  });
  it('refuses text without a unit', () => {
    for (const bad of ['30', 'd', '', '-1d', '3 days']) {
      expect(() => parseDuration(bad)).toThrow(expect.objectContaining({ code: 'STORE_ERR_BAD_DURATION' }));
    }
  });
});
