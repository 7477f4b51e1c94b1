import { describe, expect, it } from 'vitest';
import { compareBodies, compareJson, detectAlignKey } from '../../compare/index.js';

const json = (legacy: unknown, candidate: unknown, rules = {}) =>
  compareBodies({ contentType: 'application/json', legacy: JSON.stringify(legacy), candidate: JSON.stringify(candidate), rules });

describe('detectAlignKey', () => {
  it('prefers id, then uuid, then key, then a *_id member every element has', () => {
    expect(detectAlignKey([{ id: 1, uuid: 'u' }], [{ id: 2, uuid: 'v' }])).toBe('id');
    expect(detectAlignKey([{ uuid: 'u', key: 'k' }], [{ uuid: 'v', key: 'l' }])).toBe('uuid');
    expect(detectAlignKey([{ key: 'k' }], [{ key: 'l' }])).toBe('key');
    expect(detectAlignKey([{ inquiry_id: 1, id: 1 }, { inquiry_id: 2 }], [{ inquiry_id: 2 }])).toBe('inquiry_id');
    expect(detectAlignKey([{ name: 'a' }], [{ name: 'b' }])).toBeNull();
    expect(detectAlignKey([1, 2], [2, 1])).toBeNull();
  });
});

describe('arrays of records aligned before they are compared', () => {
  it('a reorder is one order difference with the moved keys, added and removed elements by key, fields compared with their partner', () => {
    const legacy = { data: { items: [{ id: 1, s: 'a' }, { id: 2, s: 'b' }, { id: 3, s: 'c' }] } };
    const candidate = { data: { items: [{ id: 2, s: 'b' }, { id: 1, s: 'A' }, { id: 4, s: 'd' }] } };
    for (const r of [compareJson(legacy, candidate), json(legacy, candidate)]) {
      expect(r.differences).toEqual([
        { path: '$.data.items', kind: 'order', legacy: [1, 2], candidate: [2, 1] },
        { path: '$.data.items[0].s', kind: 'changed', legacy: 'a', candidate: 'A' },
        { path: '$.data.items[2]', kind: 'removed', legacy: { id: 3, s: 'c' } },
        { path: '$.data.items[2]', kind: 'added', candidate: { id: 4, s: 'd' } },
      ]);
    }
  });
  it('uses the key configured for the path (routes[].compare.keys) when no id-like key exists', () => {
    const legacy = { items: [{ code: 'x', n: 1 }, { code: 'y', n: 2 }] };
    const candidate = { items: [{ code: 'y', n: 2 }, { code: 'x', n: 1 }] };
    expect(compareJson(legacy, candidate).differences).toHaveLength(4);
    expect(compareJson(legacy, candidate, { keys: { '$.items': 'code' } }).differences).toEqual([
      { path: '$.items', kind: 'order', legacy: ['x', 'y'], candidate: ['y', 'x'] },
    ]);
  });
  it('falls back to positions when keys repeat or an element has none', () => {
    const r = compareJson({ a: [{ id: 1 }, { id: 1 }] }, { a: [{ id: 1 }, { id: 2 }] });
    expect(r.differences).toEqual([{ path: '$.a[1].id', kind: 'changed', legacy: 1, candidate: 2 }]);
  });
  it('the side-by-side reading cuts out the whole array when an element key changes, and answers like the plain walk', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, subject: `s${i}`, at: '2024-03-30 09:49:00' }));
    const moved = [...rows];
    [moved[10], moved[11]] = [moved[11]!, moved[10]!];
    const r = json({ data: rows }, { data: moved });
    expect(r.differences).toEqual([{ path: '$.data', kind: 'order', legacy: [11, 12], candidate: [12, 11] }]);
  });
});
