import { describe, expect, it } from 'vitest';
import { scrubValue } from '../../reports/scrub.js';

describe('scrubValue', () => {
  it('masks e-mail addresses and long digit runs, deeply', () => {
    expect(scrubValue({ a: ['mail taro@example.co.jp now', '090-1234-5678'], n: 42, ok: 'h:9f3a' })).toEqual({
      a: ['mail [email] now', '[digits]'],
      n: 42,
      ok: 'h:9f3a',
    });
  });

  it('leaves dates, times and short numbers alone', () => {
    expect(scrubValue(['2026-01-01 10:00:00', '2026-01-01T01:00:00Z', 'item 1234567', '1700000000'])).toEqual([
      '2026-01-01 10:00:00', '2026-01-01T01:00:00Z', 'item 1234567', '1700000000',
    ]);
    expect(scrubValue(['4111 1111 1111 1111', 'tel 09012345678'])).toEqual(['[digits]', 'tel [digits]']);
  });

  it('caps long strings', () => {
    const out = scrubValue('x'.repeat(500)) as string;
    expect(out.length).toBe(201);
    expect(out.endsWith('…')).toBe(true);
  });
});
