import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RouteTable } from '../../proxy/route-table.js';
import { normalizePath, separatorReading } from '../../routing/normalize-path.js';
import type { RouteConfig } from '../../config/strangler-config.js';

function route(id: string, path: string, methods: string[] = []): RouteConfig {
  return { id, path, methods, mode: 'legacy', percent: 0, sample: 0, noise: 0, adapter: null, group: id, timeoutMs: null, compare: {} };
}

const table = RouteTable.compile([
  route('inquiry', '/api/inquiries/:id', ['GET']),
  route('reply', '/api/inquiries/:id/reply'),
  route('files', '/files/*'),
]);

// Raw targets as node hands them over: latin1 strings, so invalid UTF-8 bytes arrive as U+0080–U+00FF.
const pieces = fc.constantFrom('/', '//', '.', '..', '%', '%2', '%2e', '%2E%2e', '%2F', '%2f', '%5C', '%00', '%FF', '%C0%AF', '%E3%81', '%E3%81%82', '%ZZ', '\\', '?', '#', 'api', 'inquiries', 'INQUIRIES', 'reply', '7', '\u00ff', '\u00e3\u0081', ';', 'http://h', ':');
const rawTarget = fc.oneof(
  fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);

describe('route matching with arbitrary raw targets', () => {
  it('never throws; params are strings; the match equals the match of the normalised spelling (property)', () => {
    fc.assert(
      fc.property(rawTarget, fc.constantFrom('GET', 'POST', 'BREW'), (target, method) => {
        const segments = normalizePath(target);
        for (const s of segments) expect(s === '' || s === '.' || s === '..').toBe(false);
        const m = table.match(method, target);
        if (m !== null) for (const v of Object.values(m.params)) expect(typeof v).toBe('string');
        const again = table.match(method, '/' + segments.join('/'));
        expect(again?.route.id).toBe(m?.route.id);
        const alt = separatorReading(target.split(/[?#]/)[0]);
        if (alt !== null) expect(alt).not.toMatch(/%2F|%5C|\\/i);
      }),
      { numRuns: 3000 },
    );
  });

  it('separatorReading reads %2F and %5C in either case as /, and nothing else', () => {
    expect(separatorReading('/api%2Finquiries%2f7')).toBe('/api/inquiries/7');
    expect(separatorReading('/api%5Cinquiries%5c7')).toBe('/api/inquiries/7');
    expect(separatorReading('/api/inquiries/7')).toBeNull();
    expect(separatorReading('/a%252F')).toBeNull();
    expect(separatorReading('/api\\inquiries\\7')).toBe('/api/inquiries/7');
  });
});
