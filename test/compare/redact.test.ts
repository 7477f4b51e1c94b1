import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_REDACT_KEYS, createRedactor, redactDifferences, redactPath, redactValue, scrubText } from '../../compare/redact.js';
import { compareJson } from '../../compare/json-diff.js';
import { ExactNumber } from '../../compare/json-text.js';

const opts = { secret: 'k1' };
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/;
const PHONES = [
  '090-1234-5678', '03-1234-5678', '+81-90-1234-5678', '+81 90-1234-5678', '080 1234 5678', '09012345678',
  '(03) 1234-5678', '03(1234)5678', '+1 415 555 0132',
];

describe('redaction', () => {
  it('covers the usual personal-data keys by default', () => {
    for (const k of ['email', 'phone', 'name', 'address', 'birthday', 'card', 'token', 'password']) {
      expect(DEFAULT_REDACT_KEYS).toContain(k);
    }
  });
  it('hashes values under configured keys, case-insensitively and by word', () => {
    const v = redactValue(
      { Email: 'a@b.jp', customerPhone: '090-1234-5678', user_name: 'Taro', address: { city: 'Tokyo', zip: 1000001 }, status: 'open', id: 7 },
      opts,
    ) as Record<string, unknown>;
    expect(v.status).toBe('open');
    expect(v.id).toBe(7);
    for (const x of [v.Email, v.customerPhone, v.user_name, (v.address as Record<string, unknown>).city, (v.address as Record<string, unknown>).zip]) {
      expect(String(x)).toMatch(/^redacted:[0-9a-f]{16}$/);
    }
    expect(JSON.stringify(v)).not.toMatch(/Taro|Tokyo|a@b\.jp|1234/);
  });
  it('gives equal inputs equal hashes, different secrets different hashes', () => {
    const a = redactValue({ email: 'x@y.com' }, opts);
    expect(redactValue({ email: 'x@y.com' }, { secret: 'k1' })).toEqual(a);
    expect(redactValue({ email: 'x@y.com' }, { secret: 'k2' })).not.toEqual(a);
    expect(redactValue({ email: 'z@y.com' }, opts)).not.toEqual(a);
  });
  it('redacts configured paths', () => {
    const v = redactValue({ data: { memo: 'secret stuff', n: 1 } }, { secret: 'k', paths: ['$.data.memo'] }) as { data: { memo: string; n: number } };
    expect(v.data.memo).toMatch(/^redacted:/);
    expect(v.data.n).toBe(1);
  });
  it('scrubs e-mails and phone numbers hidden in free text and keys', () => {
    const text = `Customer wrote from foo.bar+cs@example.co.jp, call ${PHONES.join(' or ')} please`;
    const out = scrubText(text, opts);
    expect(out).not.toMatch(EMAIL);
    for (const p of PHONES) expect(out).not.toContain(p);
    expect(out).toContain('Customer wrote from redacted:');
    const v = redactValue({ byMail: { 'x@y.org': 1 } }, opts);
    expect(JSON.stringify(v)).not.toContain('x@y.org');
  });
  it('leaves no phone number or e-mail readable in any free text', () => {
    const phone = fc
      .tuple(fc.constantFrom('090', '080', '070', '03', '06', '0120'), fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1000, max: 9999 }), fc.constantFrom('-', ' '))
      .map(([a, b, c, sep]) => `${a}${sep}${b}${sep}${c}`);
    fc.assert(
      fc.property(fc.string(), phone, fc.emailAddress(), fc.string(), (pre, tel, mail, post) => {
        const out = JSON.stringify(redactValue({ memo: `${pre} ${tel} / ${mail} ${post}` }, opts));
        expect(out).not.toContain(tel);
        expect(out).not.toContain(mail);
      }),
      { numRuns: 200 },
    );
  });
  it('leaves dates, ids, prices and versions alone', () => {
    const s = 'order 12345 on 2018-10-04 12:00:00 costs 1,200 yen (v1.2.3, ref 2018-10-04)';
    expect(scrubText(s, opts)).toBe(s);
  });
  it('redacts differences by their path and scrubs the path itself', () => {
    const [a, b, c] = redactDifferences(
      [
        { path: '$.customer.email', kind: 'changed', legacy: 'a@b.jp', candidate: 'c@d.jp' },
        { path: '$.customer', kind: 'added', candidate: { phone: '0312345678', plan: 'gold' } },
        { path: "$.byMail['x@y.org']", kind: 'removed', legacy: 'note: call 090-1111-2222' },
      ],
      opts,
    );
    expect(a.legacy).toMatch(/^redacted:/);
    expect(a.candidate).toMatch(/^redacted:/);
    expect(a.legacy).not.toBe(a.candidate);
    expect(b).toMatchObject({ kind: 'added', candidate: { plan: 'gold' } });
    expect(b.legacy).toBeUndefined();
    expect('legacy' in b).toBe(false);
    expect(JSON.stringify([a, b, c])).not.toMatch(/a@b\.jp|c@d\.jp|0312345678|x@y\.org|090-1111-2222/);
  });
  it('keeps comparisons intact: equal values stay equal after redaction', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.string(), (email, note) => {
        const x = redactValue({ email, note: `${note} ${email}` }, opts);
        const y = redactValue({ email, note: `${note} ${email}` }, opts);
        expect(compareJson(x, y).equal).toBe(true);
        expect(JSON.stringify(x)).not.toContain(email);
      }),
      { numRuns: 100 },
    );
  });
  it('returns plain data that survives structured cloning (exact numbers as digit strings)', () => {
    const [d] = redactDifferences(
      [{ path: '$.id', kind: 'changed', legacy: new ExactNumber('12345678901234567891'), candidate: { ids: [new ExactNumber('12345678901234567890')] } }],
      opts,
    );
    expect(structuredClone(d)).toEqual({ path: '$.id', kind: 'changed', legacy: '12345678901234567891', candidate: { ids: ['12345678901234567890'] } });
  });
  it('redacts request paths and query strings', () => {
    const p = redactPath('/api/users/taro%40example.com/inquiries/42?tel=0312345678&q=hello&page=2', opts);
    expect(p).toMatch(/^\/api\/users\/redacted%3A[0-9a-f]{16}\/inquiries\/42\?tel=redacted%3A[0-9a-f]{16}&q=hello&page=2$/);
    expect(redactPath('/api/customers/09012345678', opts)).not.toContain('09012345678');
    expect(redactPath('/api/inquiries/12345', opts)).toBe('/api/inquiries/12345');
  });
  it('binds options once with createRedactor', () => {
    const r = createRedactor({ secret: 's', keys: ['memo'] });
    expect(r.value({ memo: 'x', email: 'plain' })).toMatchObject({ email: 'plain' });
    expect((r.value({ memo: 'x' }) as { memo: string }).memo).toMatch(/^redacted:/);
    expect(r.path('/a/b@c.de')).not.toContain('b@c.de');
    expect(r.differences([{ path: '$.memo', kind: 'removed', legacy: 'x' }])[0].legacy).toMatch(/^redacted:/);
  });
});
