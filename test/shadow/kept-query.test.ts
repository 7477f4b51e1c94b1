import { describe, expect, it } from 'vitest';
import { MAX_STORED_PATH, redactKeptQueryValue, redactStoredPath, storedRequestPath } from '../../shadow/kept-query.js';
import type { RedactOptions } from '../../compare/index.js';

const opts: RedactOptions = { secret: 'test-secret' };

describe('storedRequestPath', () => {
  it('keeps only the named keys, in the config order, and drops the others with their names', () => {
    expect(storedRequestPath('/api/inquiries?session=abc&status=open&page=2&q=x', ['page', 'status'])).toBe('/api/inquiries?page=2&status=open');
  });

  it('keeps every value of a multi-valued key in the request order, brackets readable', () => {
    expect(storedRequestPath('/api/items?tag[]=b&other=1&tag%5B%5D=a', ['tag[]'])).toBe('/api/items?tag[]=b&tag[]=a');
  });

  it('drops the whole query when no key is kept, or none of the kept keys is present', () => {
    expect(storedRequestPath('/api/inquiries?page=2', [])).toBe('/api/inquiries');
    expect(storedRequestPath('/api/inquiries?q=1', ['page'])).toBe('/api/inquiries');
    expect(storedRequestPath('/api/inquiries', ['page'])).toBe('/api/inquiries');
  });

  it('tells two pages apart, and the same page asked two ways is one path', () => {
    const a = storedRequestPath('/api/inquiries?status=open&page=2', ['page', 'status']);
    const b = storedRequestPath('/api/inquiries?page=2&status=open&_=123', ['page', 'status']);
    expect(a).toBe(b);
    expect(storedRequestPath('/api/inquiries?page=1&status=open', ['page', 'status'])).not.toBe(a);
  });
});

describe('redactStoredPath', () => {
  it('passes every kept value through the PII redaction: an e-mail in a kept value is hashed', () => {
    const stored = storedRequestPath('/api/users?email=taro%40example.com&page=2', ['email', 'page']);
    const redacted = redactStoredPath(stored, opts);
    expect(redacted).not.toContain('taro');
    expect(redacted).not.toContain('example.com');
    expect(redacted).toMatch(/^\/api\/users\?email=redacted%3A[0-9a-f]{16}&page=2$/);
  });

  it('hashes a free-text value kept by mistake when it holds a phone number', () => {
    const redacted = redactStoredPath(storedRequestPath('/api/search?q=call%20090-1234-5678', ['q']), opts);
    expect(redacted).not.toContain('1234');
  });

  it('keeps allow-listed keys and safe identifiers readable, hashes other values (deny by default), and redacts path segments as before', () => {
    // `status` is on the default allow-list, `page` is a number; a free-text tag is hashed unless `$..tag` is allowed.
    expect(redactStoredPath('/api/inquiries?status=open&page=2&tag[]=a', opts)).toMatch(/^\/api\/inquiries\?status=open&page=2&tag\[\]=redacted%3A[0-9a-f]{16}$/);
    expect(redactStoredPath('/api/inquiries?tag[]=a', { ...opts, allow: [...(opts.allow ?? []), '$..tag'] })).toBe('/api/inquiries?tag[]=a');
    expect(redactStoredPath('/api/users/taro@example.com', opts)).not.toContain('taro');
  });

  it('gives the same hash for the same value: requests stay groupable', () => {
    expect(redactKeptQueryValue('email', 'a@b.jp', opts)).toBe(redactKeptQueryValue('email', 'a@b.jp', opts));
  });

  it('cuts kept values that would not fit the stored path column, and says so', () => {
    const url = `/api/items?${Array.from({ length: 400 }, (_, i) => `tag[]=t${i}`).join('&')}`;
    const stored = redactStoredPath(storedRequestPath(url, ['tag[]']), opts);
    expect(stored.length).toBeLessThanOrEqual(MAX_STORED_PATH);
    expect(stored.endsWith('&…')).toBe(true);
    expect(stored).toContain('tag[]=t0&tag[]=t1&');
  });
});
