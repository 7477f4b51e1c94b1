import { describe, expect, it } from 'vitest';
import { scrubDiffPath, scrubRequestPath, scrubValue } from '../../reports/scrub.js';

describe('scrubValue', () => {
  it('masks what a detector flags, deeply, showing its shape', () => {
    expect(scrubValue({ a: ['mail taro@example.co.jp now', '090-1234-5678'], n: 42, ok: 'redacted:0123456789abcdef shape:aaaa' })).toEqual({
      a: ['redacted shape:aaaa aaaa@aaaaaaa.aa.aa aaa', 'redacted shape:ddd-dddd-dddd'],
      n: 42,
      ok: 'redacted:0123456789abcdef shape:aaaa',
    });
  });

  it('leaves dates, times and short numbers alone', () => {
    expect(scrubValue(['2026-01-01 10:00:00', '2026-01-01T01:00:00Z', 'item 1234567', '1700000000'])).toEqual([
      '2026-01-01 10:00:00', '2026-01-01T01:00:00Z', 'item 1234567', '1700000000',
    ]);
    expect(scrubValue(['4111 1111 1111 1111', 'tel ０９０１２３４５６７８'])).toEqual(['redacted shape:dddd dddd dddd dddd', 'redacted shape:aaa [Fullwidth-digit×11]']);
  });

  it('caps long strings', () => {
    const out = scrubValue('x'.repeat(500)) as string;
    expect(out.length).toBe(201);
    expect(out.endsWith('…')).toBe(true);
  });

  it('masks request paths and difference paths of rows written before redaction was deny by default', () => {
    expect(scrubRequestPath('/api/users/taro%40example.jp/inquiries/42')).toBe('/api/users/redacted/inquiries/42');
    expect(scrubDiffPath("$.byMail['x@y.org']")).toMatch(/^redacted shape:/);
    expect(scrubDiffPath('$.items[*].status')).toBe('$.items[*].status');
  });
});
