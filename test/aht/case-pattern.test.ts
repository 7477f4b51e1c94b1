import { describe, expect, it } from 'vitest';
import { compileCasePattern, compilePathPattern } from '../../aht/case-pattern.js';

describe('compileCasePattern', () => {
  const p = compileCasePattern('GET /api/inquiries/:id', 'inquiry');

  it('matches method and segments exactly and returns the parameters', () => {
    expect(p.match('GET', '/api/inquiries/42')).toEqual({ id: '42' });
    expect(p.match('POST', '/api/inquiries/42')).toBeNull();
    expect(p.match('get', '/api/inquiries/42')).toBeNull();
    expect(p.match('GET', '/api/inquiries/')).toBeNull();
    expect(p.match('GET', '/api/inquiries/42/reply')).toBeNull();
  });

  it('regression: a path the proxy routes alike (trailing or double slash, encoded unreserved character, case of a literal) is the same screen', () => {
    for (const path of ['/api/inquiries/42/', '//api//inquiries/42', '/api/%69nquiries/42', '/API/Inquiries/42', '/api/./inquiries/42?x=1'])
      expect(p.match('GET', path), path).toEqual({ id: '42' });
    // The parameter is decoded as the proxy decodes it; an encoded slash stays inside the segment.
    expect(p.match('GET', '/api/inquiries/a%2Fb')).toEqual({ id: 'a/b' });
  });

  it('rejects text that is not "METHOD /pattern" with a code', () => {
    expect(compileCasePattern('get /api/x', 'c').method).toBe('GET');
    for (const bad of ['/api/x', 'GET api/x', 'GET /api/*', 'GET'])
      expect(() => compileCasePattern(bad, 'c')).toThrow(expect.objectContaining({ code: 'AHT_ERR_BAD_CASE_PATTERN' }));
  });
});

describe('compilePathPattern (route patterns, for the importers)', () => {
  it('lets a final * take the rest', () => {
    const r = compilePathPattern(null, '/api/items/:id/*');
    expect(r.match('GET', '/api/items/3/a/b')).toEqual({ id: '3', '*': 'a/b' });
    expect(r.match('GET', '/api/items/3')).toBeNull();
  });
});
