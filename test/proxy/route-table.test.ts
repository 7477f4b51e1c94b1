import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RouteTable } from '../../proxy/route-table.js';
import type { RouteConfig } from '../../config/strangler-config.js';

function route(id: string, path: string, methods: string[] = [], mode: RouteConfig['mode'] = 'legacy'): RouteConfig {
  return { id, path, methods, mode, percent: 0, sample: 0, noise: 0, adapter: null, group: id, timeoutMs: null, compare: {} };
}

const table = RouteTable.compile([
  route('rest', '/api/*'),
  route('inquiry', '/api/inquiries/:id', ['GET']),
  route('inquiry-write', '/api/inquiries/:id', ['POST', 'PUT']),
  route('reply', '/api/inquiries/:id/reply'),
  route('search', '/api/inquiries/search', ['GET']),
  route('item', '/api/items/:itemId'),
]);

describe('RouteTable', () => {
  it('picks the most specific route and filters by method', () => {
    expect(table.match('GET', '/api/inquiries/search')?.route.id).toBe('search');
    expect(table.match('GET', '/api/inquiries/42')?.route.id).toBe('inquiry');
    expect(table.match('POST', '/api/inquiries/42')?.route.id).toBe('inquiry-write');
    expect(table.match('DELETE', '/api/inquiries/42')?.route.id).toBe('rest');
    expect(table.match('GET', '/api/inquiries/42/reply?x=1')).toMatchObject({ route: { id: 'reply' }, params: { id: '42' } });
    expect(table.match('GET', '/other')).toBeNull();
  });

  it('swaps live flags atomically per route and reports unknown and unavailable ones', () => {
    const t = RouteTable.compile([route('a', '/a'), route('b', '/b')]);
    const before = t.get('a')!.flag;
    const result = t.applyFlags(
      [
        { routeId: 'a', mode: 'canary', percent: 10, sample: 0, updatedAt: 0, updatedBy: 'x' },
        { routeId: 'b', mode: 'shadow', percent: 0, sample: 1, updatedAt: 0, updatedBy: 'x' },
        { routeId: 'gone', mode: 'new', percent: 0, sample: 0, updatedAt: 0, updatedBy: 'x' },
      ],
      (mode) => mode !== 'shadow',
    );
    expect(result).toEqual({ applied: ['a'], unknown: ['gone'], unavailable: ['b'] });
    expect(t.get('a')!.flag).toEqual({ mode: 'canary', percent: 10, sample: 0 });
    expect(before).toEqual({ mode: 'legacy', percent: 0, sample: 0 }); // old object untouched
    expect(Object.isFrozen(t.get('a')!.flag)).toBe(true);
    expect(t.get('b')!.flag.mode).toBe('legacy');
  });

  // Two spellings of one resource must never land on different sides.
  const literal = fc.stringMatching(/^[a-z][a-z0-9_-]{0,7}$/);
  const id = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
  /** Re-spell a path from a tape of choices: escapes (either hex case), case changes on literals, extra slashes, dot segments, trailing slash, query. */
  const spell = (segments: string[], literalCount: number, tape: number[]): string => {
    let at = 0;
    const next = (n: number) => tape[at++ % tape.length] % n;
    let out = '';
    segments.forEach((seg, i) => {
      out += '/'.repeat(1 + next(3));
      if (next(4) === 0) out += './';
      if (next(4) === 0) out += 'junk/../';
      for (const ch of seg) {
        const r = next(6);
        const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
        if (r === 0) out += '%' + hex.toUpperCase();
        else if (r === 1) out += '%' + hex.toLowerCase();
        else if (r === 2 && i < literalCount) out += ch.toUpperCase();
        else out += ch;
      }
    });
    return out + (next(2) === 0 ? '/' : '') + (next(2) === 0 ? '?q=1/..' : '');
  };

  it('matches every spelling of a resource to the same route with the same params (property)', () => {
    fc.assert(
      fc.property(
        fc.array(literal, { minLength: 1, maxLength: 3 }),
        fc.oneof(id, fc.constant('fixed')),
        fc.constantFrom('GET', 'POST', 'PUT'),
        fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
        (prefix, value, method, tape) => {
          const t = RouteTable.compile([
            route('param', '/' + [...prefix, ':id'].join('/')),
            route('literal', '/' + [...prefix, 'fixed'].join('/'), ['GET']),
            route('rest', '/' + [prefix[0], '*'].join('/'), ['POST']),
          ]);
          const canonical = t.match(method, '/' + [...prefix, value].join('/'));
          const other = t.match(method, spell([...prefix, value], prefix.length, tape));
          expect(other?.route.id).toBe(canonical?.route.id);
          expect(other?.params).toEqual(canonical?.params);
        },
      ),
      { numRuns: 500 },
    );
  });
});
