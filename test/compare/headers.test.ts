import { describe, expect, it } from 'vitest';
import { compareBodies, compareHeaders, DEFAULT_COMPARED_HEADERS } from '../../compare/index.js';

const legacy = {
  'content-type': 'application/json; charset=UTF-8',
  'set-cookie': ['PHPSESSID=abc123; path=/; HttpOnly', 'lang=ja; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
  location: '/inquiries/7',
  'cache-control': 'no-store, no-cache, must-revalidate',
  etag: 'W/"1"',
  'content-disposition': 'attachment; filename="report.csv"',
  date: 'Tue, 08 Dec 2026 03:00:00 GMT',
};

describe('compareHeaders', () => {
  it('compares the default set, by what a browser acts on: cookie names and attributes not values, ETag presence, charset case', () => {
    const same = {
      'Content-Type': 'application/json;charset=utf-8',
      'Set-Cookie': 'lang=en; path=/; expires=Thu, 22 Oct 2026 07:28:00 GMT, PHPSESSID=zzz; HttpOnly; Path=/',
      Location: '/inquiries/7',
      'Cache-Control': 'must-revalidate, no-store, no-cache',
      ETag: '"other"',
      'Content-Disposition': 'attachment; filename=report.csv',
      date: 'another day',
    };
    expect(compareHeaders(legacy, same)).toEqual([]);
    expect(DEFAULT_COMPARED_HEADERS).toEqual(['content-type', 'set-cookie', 'location', 'cache-control', 'etag', 'content-disposition']);
  });
  it('reports a lost charset, cookie, cache directive or ETag under headers.<name>', () => {
    const d = compareHeaders(legacy, {
      'content-type': 'application/json',
      'set-cookie': ['lang=ja; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
      location: '/inquiries/7',
      'cache-control': 'no-cache',
      'content-disposition': 'attachment; filename="report.csv"',
    });
    expect(d.map((x) => [x.path, x.kind])).toEqual([
      ['headers.content-type', 'changed'],
      ['headers.set-cookie', 'changed'],
      ['headers.cache-control', 'changed'],
      ['headers.etag', 'removed'],
    ]);
    expect(JSON.stringify(d)).not.toContain('abc123');
  });
  it('compares the names the rules give, and none with []', () => {
    expect(compareHeaders({ 'X-Total': '3' }, { 'x-total': '4' }, ['x-total'])).toEqual([{ path: 'headers.x-total', kind: 'changed', legacy: '3', candidate: '4' }]);
    expect(compareHeaders(legacy, {}, [])).toEqual([]);
  });
  it('compareBodies takes both sides\' headers: equal bodies with a lost header are different', () => {
    const r = compareBodies({ contentType: 'application/json', legacy: '{}', candidate: '{}', legacyHeaders: legacy, candidateHeaders: { ...legacy, location: '/login' } });
    expect(r.equal).toBe(false);
    expect(r.differences).toEqual([{ path: 'headers.location', kind: 'changed', legacy: '/inquiries/7', candidate: '/login' }]);
    expect(compareBodies({ contentType: 'application/json', legacy: '{}', candidate: '{}', legacyHeaders: legacy, candidateHeaders: {}, rules: { headers: [] } }).equal).toBe(true);
  });
});
