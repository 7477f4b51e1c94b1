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

  it('caps long strings', () => {
    const out = scrubValue('x'.repeat(500)) as string;
    expect(out.length).toBe(201);
    expect(out.endsWith('…')).toBe(true);
  });
});
