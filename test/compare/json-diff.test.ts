import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareJson } from '../../compare/json-diff.js';
import { parseJson } from '../../compare/json-text.js';
import type { Difference } from '../../model/difference.js';

const j = (text: string): unknown => parseJson(text);
const cmp = (a: string, b: string, rules = {}) => compareJson(j(a), j(b), rules);
const paths = (ds: Difference[]) => ds.map((d) => `${d.kind} ${d.path}`).sort();

describe('compareJson: canonical shape', () => {
  it('ignores key order', () => {
    expect(cmp('{"a":1,"b":{"x":1,"y":2}}', '{"b":{"y":2,"x":1},"a":1}').equal).toBe(true);
  });
  it('treats 1.0, 1 and 10e-1 as the same number', () => {
    expect(cmp('{"a":1.0,"b":[10e-1]}', '{"a":1,"b":[1]}').equal).toBe(true);
  });
  it('treats "\\u3042" and "あ" as the same string', () => {
    expect(cmp('{"s":"\\u3042"}', '{"s":"あ"}').equal).toBe(true);
  });
  it('keeps 64-bit ids beyond 2^53 apart', () => {
    const r = cmp('{"id":12345678901234567891}', '{"id":12345678901234567890}');
    expect(r.equal).toBe(false);
    expect(r.differences[0]).toMatchObject({ path: '$.id', kind: 'changed' });
    expect(String(r.differences[0].legacy)).toBe('12345678901234567891');
  });
  it('finds 64-bit ids equal when they are, in any spelling', () => {
    expect(cmp('[9007199254740993]', '[9007199254740993.0]').equal).toBe(true);
  });
});

describe('compareJson: kinds and paths', () => {
  it('reports changed, added, removed and type with flattened paths', () => {
    const r = cmp(
      '{"data":{"items":[{"price":1},{"price":2},{"price":3},{"price":4}],"gone":1,"n":"123"}}',
      '{"data":{"items":[{"price":1},{"price":2},{"price":3},{"price":5}],"new":true,"n":123}}',
    );
    expect(r.differences).toEqual([
      { path: '$.data.items[3].price', kind: 'changed', legacy: 4, candidate: 5 },
      { path: '$.data.gone', kind: 'removed', legacy: 1 },
      { path: '$.data.n', kind: 'type', legacy: '123', candidate: 123 },
      { path: '$.data.new', kind: 'added', candidate: true },
    ]);
  });
  it('bracket-quotes keys that need it', () => {
    const r = cmp('{"a.b":1,"x y":1,"it\'s":1}', '{"a.b":2,"x y":2,"it\'s":2}');
    expect(r.differences.map((d) => d.path)).toEqual(["$['a.b']", "$['x y']", "$['it\\'s']"]);
  });
  it('reports [] vs {} and "1" vs true as type', () => {
    expect(paths(cmp('{"a":[],"b":"1"}', '{"a":{},"b":true}').differences)).toEqual(['type $.a', 'type $.b']);
  });
  it('reports extra and missing array elements by index', () => {
    expect(paths(cmp('[1,2,3]', '[1]').differences)).toEqual(['removed $[1]', 'removed $[2]']);
    expect(paths(cmp('[1]', '[1,2]').differences)).toEqual(['added $[1]']);
  });
  it('stops at the limit and says so', () => {
    const r = compareJson([1, 2, 3], [4, 5, 6], {}, { limit: 2 });
    expect(r.differences).toHaveLength(2);
    expect(r.truncated).toBe(true);
    expect(r.equal).toBe(false);
  });
});

describe('compareJson: rules', () => {
  it('ignore: exact path, [*] and $..name', () => {
    const a = '{"data":{"updated_at":1,"list":[{"token":"a","v":1}],"deep":{"x":{"request_id":1}}}}';
    const b = '{"data":{"updated_at":2,"list":[{"token":"b","v":1}],"deep":{"x":{"request_id":2}}}}';
    expect(cmp(a, b).differences).toHaveLength(3);
    expect(cmp(a, b, { ignore: ['$.data.updated_at', '$.data.list[*].token', '$..request_id'] }).equal).toBe(true);
  });
  it('ignore drops added and removed keys at the path too', () => {
    expect(cmp('{"a":1}', '{"b":1}', { ignore: ['$.a', '$.b'] }).equal).toBe(true);
  });
  it('unordered: arrays as multisets', () => {
    expect(cmp('{"t":[1,2,2,3]}', '{"t":[3,2,1,2]}').equal).toBe(false);
    expect(cmp('{"t":[1,2,2,3]}', '{"t":[3,2,1,2]}', { unordered: ['$.t'] }).equal).toBe(true);
    const r = cmp('{"t":[1,2,2]}', '{"t":[2,1,1]}', { unordered: ['$.t'] });
    expect(paths(r.differences)).toEqual(['added $.t[2]', 'removed $.t[2]']);
  });
  it('unordered: elements equal under other rules pair up', () => {
    const r = cmp('[{"id":1,"token":"a"},{"id":2,"token":"b"}]', '[{"id":2,"token":"x"},{"id":1,"token":"y"}]', {
      unordered: ['$'],
      ignore: ['$[*].token'],
    });
    expect(r.equal).toBe(true);
  });
  it('sortBy: pairs elements by key and reports each side index', () => {
    const a = '{"items":[{"id":1,"p":2},{"id":2,"p":3},{"id":3,"p":1}]}';
    const b = '{"items":[{"id":3,"p":1},{"id":1,"p":5}]}';
    const r = cmp(a, b, { sortBy: { '$.items': 'id' } });
    expect(r.differences).toEqual([
      { path: '$.items[0].p', kind: 'changed', legacy: 2, candidate: 5 },
      { path: '$.items[1]', kind: 'removed', legacy: { id: 2, p: 3 } },
    ]);
  });
  it('numericStrings: a type difference by default, equal on the named paths only', () => {
    expect(cmp('{"n":"123"}', '{"n":123}').differences[0].kind).toBe('type');
    const r = cmp('{"n":"123","m":"5"}', '{"n":123.0,"m":5}', { numericStrings: ['$.n'] });
    expect(r.differences).toEqual([{ path: '$.m', kind: 'type', legacy: '5', candidate: 5 }]);
    expect(r.accepted).toEqual([{ rule: 'numericStrings', pattern: '$.n', count: 1 }]);
    expect(cmp('{"n":"124"}', '{"n":123}', { numericStrings: ['$.n'] }).equal).toBe(false);
    expect(cmp('{"n":"abc"}', '{"n":123}', { numericStrings: ['$.n'] }).equal).toBe(false);
  });
  it('emptyContainersEqual: [] equals {} only when both are empty', () => {
    expect(cmp('{"a":[]}', '{"a":{}}').equal).toBe(false);
    expect(cmp('{"a":[]}', '{"a":{}}', { emptyContainersEqual: ['$.a'] }).equal).toBe(true);
    expect(cmp('{"a":[1]}', '{"a":{}}', { emptyContainersEqual: ['$.a'] }).equal).toBe(false);
  });
  it('nullEqualsMissing: both directions', () => {
    expect(cmp('{"a":null}', '{}').equal).toBe(false);
    expect(cmp('{"a":null}', '{}', { nullEqualsMissing: ['$.a'] }).equal).toBe(true);
    expect(cmp('{}', '{"a":null}', { nullEqualsMissing: ['$..a'] }).equal).toBe(true);
    expect(cmp('{}', '{"b":null}', { nullEqualsMissing: ['$.a'] }).equal).toBe(false);
    expect(cmp('{}', '{"a":0}', { nullEqualsMissing: ['$.a'] }).equal).toBe(false);
  });
  it('floatTolerance: absolute', () => {
    expect(cmp('{"p":0.1}', '{"p":0.10000001}').equal).toBe(false);
    expect(cmp('{"p":0.1}', '{"p":0.10000001}', { floatTolerance: { '$.p': 1e-6 } }).equal).toBe(true);
    expect(cmp('{"q":0.1}', '{"q":0.10000001}', { floatTolerance: { '$.p': 1e-6 } }).equal).toBe(false);
    expect(cmp('{"p":0.1}', '{"p":0.2}', { floatTolerance: { '$.p': 1e-6 } }).equal).toBe(false);
  });
  it('timestamps: the same instant in another format and zone', () => {
    const a = '{"t":"2018-10-04 12:00:00"}';
    expect(cmp(a, '{"t":"2018-10-04T03:00:00Z"}').equal).toBe(false);
    const t = ['$.t'];
    expect(cmp(a, '{"t":"2018-10-04T03:00:00Z"}', { timestamps: t }).equal).toBe(true);
    expect(cmp(a, '{"t":"2018-10-04T12:00:00+09:00"}', { timestamps: t }).equal).toBe(true);
    expect(cmp(a, '{"t":"2018-10-04T04:00:00Z"}', { timestamps: t }).equal).toBe(false);
    expect(cmp(a, '{"t":"2018-10-04T12:00:00Z"}', { timestamps: t, timezone: 'UTC' }).equal).toBe(true);
    expect(cmp('{"u":"2018-10-04 12:00:00"}', '{"u":"2018-10-04T03:00:00Z"}', { timestamps: t }).equal).toBe(false);
  });
});

describe('compareJson: properties', () => {
  const weird = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
  const value = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue(),
      weird,
      fc.array(tie('v'), { maxLength: 4 }),
      fc.dictionary(weird, tie('v'), { maxKeys: 4 }),
    ),
  })).v;

  it('never throws on any JSON and finds equal inputs equal', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        compareJson(a, b);
        compareJson(a, b, { unordered: ['$'], emptyContainersEqual: ['$..*'], nullEqualsMissing: ['$..*'], timestamps: ['$..*'] });
        const again = JSON.parse(JSON.stringify(a));
        expect(compareJson(a, again).equal).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is symmetric: swapping sides maps added ↔ removed and keeps changed/type paths', () => {
    const flip = { added: 'removed', removed: 'added', changed: 'changed', type: 'type', order: 'order' } as const;
    fc.assert(
      fc.property(value, value, (a, b) => {
        for (const rules of [{}, { unordered: ['$'] }]) {
          const ab = compareJson(a, b, rules).differences.map((d) => `${flip[d.kind]} ${d.path}`).sort();
          const ba = compareJson(b, a, rules).differences.map((d) => `${d.kind} ${d.path}`).sort();
          expect(ba).toEqual(ab);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through text: a value equals its own serialisation parsed losslessly', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(compareJson(v, parseJson(JSON.stringify(v))).equal).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
