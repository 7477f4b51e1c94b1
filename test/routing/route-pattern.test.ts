import { describe, expect, it } from 'vitest';
import { compilePattern, parseRouteSpec, patternsOverlap } from '../../routing/route-pattern.js';
import { normalizePath } from '../../routing/normalize-path.js';

const m = (pattern: string, path: string) => compilePattern(pattern).match(normalizePath(path));

describe('compilePattern', () => {
  it('matches literals, :params and a final *', () => {
    expect(m('/api/inquiries/:id', '/api/inquiries/42')).toEqual({ id: '42' });
    expect(m('/api/inquiries/:id', '/api/inquiries/42/reply')).toBeNull();
    expect(m('/api/inquiries/:id', '/api/inquiries')).toBeNull();
    expect(m('/static/*', '/static/css/app.css')).toEqual({ '*': 'css/app.css' });
    expect(m('/static/*', '/static')).toBeNull();
    expect(m('/', '/')).toEqual({});
  });

  it('decodes parameter values and compares literals case-insensitively', () => {
    expect(m('/api/users/:name', '/API/Users/%E6%97%A5%E6%9C%AC')).toEqual({ name: '日本' });
    expect(m('/api/files/:name', '/api/files/a%2Fb')).toEqual({ name: 'a/b' });
  });

  it.each(['api', '/a/*/b', '/a/:', '/a/:x/:x', '/a/b:c', '/a/?x', '/a/../b'])('refuses %s with PRX_ERR_BAD_PATTERN', (pattern) => {
    expect(() => compilePattern(pattern)).toThrow(expect.objectContaining({ code: 'PRX_ERR_BAD_PATTERN' }));
  });

  it('ranks literal before param before rest', () => {
    const ranks = ['/a/*', '/a/:id', '/a/b'].map((p) => compilePattern(p).rank).sort();
    expect(ranks).toEqual(['00', '01', '02']);
  });

  it('knows when two patterns can match the same path', () => {
    const o = (a: string, b: string) => patternsOverlap(compilePattern(a), compilePattern(b));
    expect(o('/a/:id', '/a/:other')).toBe(true);
    expect(o('/a/:id', '/a/b')).toBe(true);
    expect(o('/a/b', '/a/c')).toBe(false);
    expect(o('/a/*', '/a/b/c')).toBe(true);
    expect(o('/a/*', '/a')).toBe(false);
    expect(o('/a/:id', '/a/:id/x')).toBe(false);
  });

  it('parses "METHOD /pattern" specs', () => {
    const spec = parseRouteSpec('post /api/inquiries/:id/reply');
    expect(spec.method).toBe('POST');
    expect(spec.pattern.params).toEqual(['id']);
    expect(() => parseRouteSpec('/api/x')).toThrow(expect.objectContaining({ code: 'PRX_ERR_BAD_PATTERN' }));
  });
});
