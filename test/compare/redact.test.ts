import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createRedactor, maskForDisplay, maskPathForDisplay, redactCaseId, redactDifferences, redactPath, redactQueryValue, redactValue,
} from '../../compare/redact.js';
import { DEFAULT_REDACT_ALLOW, DEFAULT_REDACT_KEYS } from '../../compare/redact-policy.js';
import { isRedactedToken } from '../../compare/redact-hash.js';
import { compareJson } from '../../compare/json-diff.js';
import { ExactNumber } from '../../compare/json-text.js';

const opts = { secret: 'k1' };
const TOKEN = /^redacted:[0-9a-f]{16} shape:/;

describe('redaction of values (deny by default)', () => {
  it('covers the usual personal-data keys and romanised ones, and allows codes by default', () => {
    for (const k of ['email', 'phone', 'name', 'address', 'birthday', 'card', 'token', 'password', 'shimei', 'jusho']) expect(DEFAULT_REDACT_KEYS).toContain(k);
    for (const p of ['$..status', '$..priority']) expect(DEFAULT_REDACT_ALLOW).toContain(p);
  });
  it('regression (names under keys not on the list reached the diff reports): every string off the allow-list is a hash and its shape', () => {
    const v = redactValue(
      { message: '山田太郎です', shimei: 'Yamada Taro', jusho: '東京都港区1-2-3', memo2: 'x', status: 'open', priority: 'high', id: 7, inquiry_id: 'INQ-1024', count: 3, ok: true, none: null },
      opts,
    ) as Record<string, unknown>;
    for (const k of ['message', 'shimei', 'jusho', 'memo2']) expect(v[k]).toMatch(TOKEN);
    expect(v.message).toBe(`${(v.message as string).split(' ')[0]} shape:[Han×4][Hiragana×2]`);
    expect(v).toMatchObject({ status: 'open', priority: 'high', id: 7, inquiry_id: 'INQ-1024', count: 3, ok: true, none: null });
    expect(JSON.stringify(v)).not.toMatch(/山田|Yamada|東京/);
  });
  it('runs the detectors on allowed values too', () => {
    const v = redactValue({ status: 'call 090-1234-5678', id: '4111111111111111', code: 'x@y.jp' }, opts) as Record<string, string>;
    expect(v.status).toMatch(TOKEN);
    expect(v.id).toMatch(TOKEN);
    expect(v.code).toMatch(TOKEN);
  });
  it('keeps numbers unless a denied key, a denied path or a detector says otherwise', () => {
    const v = redactValue({ total: 1200, phone: 9011112222, pan: 4111111111111111, n: { secret: 5 } }, { secret: 'k', paths: ['$.total'] }) as Record<string, unknown>;
    expect(v.total).toMatch(TOKEN);
    expect(v.phone).toMatch(TOKEN);
    expect(v.pan).toMatch(TOKEN);
    expect((v.n as Record<string, unknown>).secret).toMatch(TOKEN);
    expect(redactValue({ total: 1200 }, opts)).toEqual({ total: 1200 });
  });
  it('a route allow-list keeps its paths, a denied key wins over it', () => {
    const o = { secret: 'k', allow: ['$.data.title', '$..email'] };
    expect(redactValue({ data: { title: 'Refund', body: 'Refund' }, email: 'plain' }, o)).toMatchObject({ data: { title: 'Refund' } });
    const v = redactValue({ data: { title: 'Refund', body: 'Refund' }, email: 'plain' }, o) as { data: { body: string }; email: string };
    expect(v.data.body).toMatch(TOKEN);
    expect(v.email).toMatch(TOKEN);
  });
  it('regression (PII inside a JSON string that is itself a string value): nested JSON is parsed and redacted', () => {
    const echoed = JSON.stringify({ status: 'open', message: 'from taro@example.jp', inner: JSON.stringify({ tel: '+819011112222', status: 'x' }) });
    const v = redactValue({ request: echoed }, opts) as { request: string };
    expect(v.request).not.toMatch(/taro|9011112222/);
    const parsed = JSON.parse(v.request) as Record<string, string>;
    expect(parsed.status).toBe('open');
    expect(parsed.message).toMatch(TOKEN);
    expect(JSON.parse(parsed.inner)).toMatchObject({ status: 'x' });
  });
  it('gives equal inputs equal hashes, different secrets different hashes', () => {
    const a = redactValue({ m: 'x@y.com' }, opts);
    expect(redactValue({ m: 'x@y.com' }, { secret: 'k1' })).toEqual(a);
    expect(redactValue({ m: 'x@y.com' }, { secret: 'k2' })).not.toEqual(a);
    expect(redactValue({ m: 'z@y.com' }, opts)).not.toEqual(a);
  });
  it('is idempotent: a stored token is never hashed again', () => {
    const once = redactValue({ message: 'hello', x: [{ a: '山田' }] }, opts);
    expect(redactValue(once, opts)).toEqual(once);
  });
  it('keeps comparisons intact: equal values stay equal, a whitespace difference still shows', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.string(), (email, note) => {
        const x = redactValue({ email, note: `${note} ${email}` }, opts);
        const y = redactValue({ email, note: `${note} ${email}` }, opts);
        expect(compareJson(x, y).equal).toBe(true);
        expect(JSON.stringify(x)).not.toContain(email);
      }),
      { numRuns: 100 },
    );
    const [d] = redactDifferences([{ path: '$.message', kind: 'changed', legacy: '山田 ', candidate: '山田' }], opts);
    expect(String(d.legacy).endsWith('shape:[Han×2] ')).toBe(true);
    expect(String(d.candidate).endsWith('shape:[Han×2]')).toBe(true);
  });
});

describe('redaction of differences', () => {
  it('redacts values by their path and hashes keys that hold personal data', () => {
    const [a, b, c] = redactDifferences(
      [
        { path: '$.customer.email', kind: 'changed', legacy: 'a@b.jp', candidate: 'c@d.jp' },
        { path: '$.ticket', kind: 'added', candidate: { status: 'open', plan: 'gold' } },
        { path: "$.byMail['x@y.org']", kind: 'removed', legacy: 'note' },
      ],
      opts,
    );
    expect(a.legacy).toMatch(TOKEN);
    expect(a.legacy).not.toBe(a.candidate);
    expect(b).toMatchObject({ kind: 'added', candidate: { status: 'open' } });
    expect((b.candidate as { plan: string }).plan).toMatch(TOKEN);
    expect('legacy' in b).toBe(false);
    expect(c.path).toMatch(/^\$\.byMail\['redacted:[0-9a-f]{16}'\]$/);
    expect(JSON.stringify([a, b, c])).not.toMatch(/a@b\.jp|c@d\.jp|x@y\.org|gold/);
  });
  it('an allow-list pattern matches the difference path, not only keys inside the value', () => {
    const [d] = redactDifferences([{ path: '$.items[2].status', kind: 'changed', legacy: 'open', candidate: 'closed' }], opts);
    expect(d).toEqual({ path: '$.items[2].status', kind: 'changed', legacy: 'open', candidate: 'closed' });
  });
  it('returns plain data that survives structured cloning (exact numbers as digit strings)', () => {
    const [d] = redactDifferences(
      [{ path: '$.id', kind: 'changed', legacy: new ExactNumber('12345678901234567891'), candidate: { ids: [new ExactNumber('12345678901234567890')] } }],
      opts,
    );
    expect(structuredClone(d)).toEqual({ path: '$.id', kind: 'changed', legacy: '12345678901234567891', candidate: { ids: ['12345678901234567890'] } });
  });
});

describe('redaction of paths, case ids and query values', () => {
  it('keeps code words and safe identifiers, hashes every other segment', () => {
    expect(redactPath('/api/inquiries/12345/detail.php', opts)).toBe('/api/inquiries/12345/detail.php');
    expect(redactPath('/api/cases/INQ-1024', opts)).toBe('/api/cases/INQ-1024');
    expect(redactPath('/api/cases/0b6f9a52-3c1d-4e8f-9a7b-2d4c6e8f0a1b', opts)).toBe('/api/cases/0b6f9a52-3c1d-4e8f-9a7b-2d4c6e8f0a1b');
    for (const raw of ['/u/taro%40example.jp', '/u/09012345678', '/u/%E5%B1%B1%E7%94%B0%E5%A4%AA%E9%83%8E', '/u/4111111111111111', '/u/Yamada', '/u/%EF%BC%90%EF%BC%99%EF%BC%90']) {
      expect(redactPath(raw, opts)).toMatch(/^\/u\/redacted:[0-9a-f]{16}$/);
    }
  });
  it('a segment that only starts like a token is not trusted', () => {
    expect(redactPath('/u/redacted:taro@example.jp', opts)).toMatch(/^\/u\/redacted:[0-9a-f]{16}$/);
    const once = redactPath('/u/%E5%B1%B1%E7%94%B0', opts);
    expect(redactPath(once, opts)).toBe(once);
  });
  it('regression (case_id stored percent-decoded, e.g. 山田太郎 and a card number): hashed like the same path segment', () => {
    expect(redactCaseId('山田太郎', opts)).toMatch(/^redacted:[0-9a-f]{16}$/);
    expect(redactCaseId('4111111111111111', opts)).toMatch(/^redacted:/);
    expect(redactCaseId('09012345678', opts)).toMatch(/^redacted:/);
    expect(redactCaseId('12345', opts)).toBe('12345');
    expect(redactCaseId('4111111111111112', opts)).toBe('4111111111111112'); // Luhn-invalid: an id
    expect(redactPath(`/cases/${encodeURIComponent('山田太郎')}`, opts)).toBe(`/cases/${redactCaseId('山田太郎', opts)}`);
  });
  it('keeps allowed and identifier query values, hashes the rest', () => {
    expect(redactQueryValue('status', 'open', opts)).toBe('open');
    expect(redactQueryValue('page', '2', opts)).toBe('2');
    expect(redactQueryValue('q', 'hello', opts)).toMatch(/^redacted:/);
    expect(redactQueryValue('status', '090-1234-5678', opts)).toMatch(/^redacted:/);
    expect(redactQueryValue('email', '12', opts)).toMatch(/^redacted:/);
    expect(redactPath('/api/users/taro%40example.com?tel=0312345678&status=open&page=2', opts)).toMatch(
      /^\/api\/users\/redacted:[0-9a-f]{16}\?tel=redacted%3A[0-9a-f]{16}&status=open&page=2$/,
    );
  });
  it('binds options once with createRedactor', () => {
    const r = createRedactor({ secret: 's' });
    expect(r.caseId('山田')).toBe(redactCaseId('山田', { secret: 's' }));
    expect(r.queryValue('q', 'x@y.jp')).toMatch(/^redacted:/);
    expect(r.path('/a/b@c.de')).not.toContain('b@c.de');
    expect(r.differences([{ path: '$.memo', kind: 'removed', legacy: 'x' }])[0].legacy).toMatch(TOKEN);
  });
});

describe('display masking (no key)', () => {
  it('masks what a detector finds, keeps tokens and plain values', () => {
    const token = redactValue('hello', opts) as string;
    expect(isRedactedToken(token)).toBe(true);
    expect(maskForDisplay({ a: ['mail taro@example.co.jp now', token, 'open'], n: 4111111111111111, m: 42 })).toEqual({
      a: ['redacted shape:aaaa aaaa@aaaaaaa.aa.aa aaa', token, 'open'],
      n: 'redacted shape:[d×16]',
      m: 42,
    });
    expect(maskPathForDisplay('/u/%E5%B1%B1%E7%94%B0/12?q=x%40y.jp&page=2')).toBe('/u/redacted/12?q=redacted&page=2');
  });
});

describe('redactDifferences: header differences', () => {
  const opts = { secret: 'k' };
  it('regression: a header difference keeps its path and plain values (its path was hashed whole as an unknown JSON path)', () => {
    const [cookie, type] = redactDifferences([
      { path: 'headers.set-cookie', kind: 'removed', legacy: 'PHPSESSID; HttpOnly; Path=/' },
      { path: 'headers.content-type', kind: 'changed', legacy: 'application/json; charset=utf-8', candidate: 'application/json' },
    ], opts);
    expect(cookie).toEqual({ path: 'headers.set-cookie', kind: 'removed', legacy: 'PHPSESSID; HttpOnly; Path=/' });
    expect(type).toEqual({ path: 'headers.content-type', kind: 'changed', legacy: 'application/json; charset=utf-8', candidate: 'application/json' });
  });

  it('redacts a Location as a request path and hashes other header values, which may name a person', () => {
    const [location, disposition] = redactDifferences([
      { path: 'headers.location', kind: 'changed', legacy: '/users/taro@example.com', candidate: '/users/42' },
      { path: 'headers.content-disposition', kind: 'changed', legacy: 'attachment; filename="山田太郎.pdf"', candidate: 'attachment' },
    ], opts);
    expect(location.path).toBe('headers.location');
    expect(String(location.legacy)).not.toContain('taro');
    expect(location.candidate).toBe('/users/42');
    expect(disposition.path).toBe('headers.content-disposition');
    expect(String(disposition.legacy)).not.toContain('山田');
    expect(String(disposition.legacy)).toMatch(/^redacted:[0-9a-f]{16} shape:/);
  });
});
