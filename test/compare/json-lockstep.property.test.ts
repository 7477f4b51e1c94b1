import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBodies } from '../../compare/index.js';
import { compareJson } from '../../compare/json-diff.js';
import { compareJsonTexts } from '../../compare/json-lockstep.js';
import { parseJsonExact, stringifyJson } from '../../compare/json-text.js';
import type { CompareRules } from '../../compare/rules.js';

// Documents shaped like API answers: objects and arrays of records, few keys, repeated names.
const KEYS = ['a', 'b', 'id', 'name', 'x y', '日本', '10', '2', 'items', 'status'];
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('2024-05-01 09:00:00', '2024-05-01T00:00:00Z', 'OPEN', 'open', '\u3042', '', 'a"b\\c/'),
    fc.string({ maxLength: 6 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('@@12345678901234567890@@', '@@-98765432109876543210@@', '@@12345678901234567891@@'),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 5 }),
  ),
})).v;
const root = fc.oneof(fc.dictionary(fc.constantFrom(...KEYS), value, { minKeys: 1, maxKeys: 6 }), fc.array(value, { minLength: 1, maxLength: 5 }));

/** One edit somewhere in the document: a value replaced, a member removed or added, an element dropped or added. */
const edit = fc.record({ walk: fc.array(fc.nat(), { maxLength: 4 }), op: fc.constantFrom('set', 'delete', 'add', 'push', 'pop'), key: fc.constantFrom(...KEYS), v: value });
type Edit = { walk: number[]; op: string; key: string; v: unknown };

function applyEdit(doc: unknown, e: Edit): void {
  let node = doc as Record<string, unknown> | unknown[];
  for (const n of e.walk) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const next = (node as Record<string, unknown>)[keys[n % keys.length]!];
    if (typeof next !== 'object' || next === null) break;
    node = next as Record<string, unknown> | unknown[];
  }
  if (Array.isArray(node)) {
    if (e.op === 'pop') node.pop();
    else if (e.op === 'push' || node.length === 0) node.push(e.v);
    else node[e.walk.length % node.length] = e.v;
  } else {
    const keys = Object.keys(node);
    if (e.op === 'delete' && keys.length > 0) delete node[keys[e.walk.length % keys.length]!];
    else if (e.op === 'set' && keys.length > 0) node[keys[e.walk.length % keys.length]!] = e.v;
    else node[e.key] = e.v;
  }
}

// `"@@digits@@"` becomes a bare 20-digit number in the text: exact ids JSON.parse would round.
const text = (v: unknown): string => JSON.stringify(v).replace(/"@@(-?\d+)@@"/g, '$1');
const pairOf = fc.tuple(root, fc.array(edit, { maxLength: 3 })).map(([doc, edits]) => {
  const other = JSON.parse(JSON.stringify(doc)) as unknown;
  for (const e of edits) applyEdit(other, e);
  return [text(doc), text(other)] as const;
});
const rulesOf = fc.record(
  {
    ignore: fc.constant(['$..id', '$.b']),
    nullEqualsMissing: fc.constantFrom(['$..a'], ['$..*']),
    numericStrings: fc.constantFrom(['$..name'], ['$..*']),
    timestamps: fc.constantFrom(['$..status'], ['$..*']),
    emptyContainersEqual: fc.constantFrom(['$.items'], ['$..*']),
    floatTolerance: fc.constantFrom({ '$..a': 0 }, { '$..*': 0.5 }),
    generated: fc.constantFrom(['$..b'], ['$.items[*]']),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<CompareRules>;

/** What the plain path answers: both texts parsed whole, exactly. */
function plain(a: string, b: string, rules: CompareRules, limit?: number) {
  return compareJson(parseJsonExact(a), parseJsonExact(b), rules, { limit });
}
const asJson = (r: unknown): string => stringifyJson(r);

describe('compareJsonTexts (only the differing values parsed)', () => {
  it('answers exactly what parsing both texts whole answers, differences in the same order, whenever it answers (property)', () => {
    let answered = 0;
    fc.assert(
      fc.property(pairOf, rulesOf, fc.constantFrom(undefined, 1, 2), ([a, b], rules, limit) => {
        const side = compareJsonTexts(a, b, rules, { limit });
        if (side === null) return;
        answered++;
        expect(asJson(side)).toBe(asJson(plain(a, b, rules, limit)));
      }),
      { numRuns: 1500 },
    );
    // It must actually answer most generated pairs, or the property says nothing.
    expect(answered).toBeGreaterThan(700);
  });

  it('leaves text the plain path rejects to it: invalid JSON in an equal part, control characters, bad escapes (property)', () => {
    fc.assert(
      fc.property(pairOf, fc.constantFrom('tru', '01', '-', '1.', '"\\x"', '"\u0001"', '"\\u12G4"', '[1,]', '{"a" 1}', 'NaN', '1e'), ([a, b], bad) => {
        // The same bad value added to both sides, in a part that is otherwise equal.
        const inject = (t: string): string => (t.startsWith('{') ? `{"zz":${bad},${t.slice(1)}` : `[${bad},${t.slice(1)}`);
        const x = inject(a);
        const y = inject(b);
        expect(compareJsonTexts(x, y)).toBeNull();
        expect(() => parseJsonExact(x)).toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it("leaves to the plain path a bad value that only the candidate's text holds, where it is read but not compared with legacy (property)", () => {
    fc.assert(
      fc.property(pairOf, fc.constantFrom('tru', '01', '1.', '"\\x"', '"\u0001"', '"\\u12G4"', '[1,]', 'NaN', '1e'), ([a, b], bad) => {
        // A member (or first element) only the candidate has, so its text is never the same as legacy's.
        const y = b.startsWith('{') ? `{"zz":${bad}${b === '{}' ? '' : ','}${b.slice(1)}` : `[${bad},${b.slice(1)}`;
        expect(() => parseJsonExact(y)).toThrow();
        expect(compareJsonTexts(a, y)).toBeNull();
      }),
      { numRuns: 300 },
    );
    // A key with a control character or a bad escape, only on the candidate's side.
    for (const key of ['"k\u0001"', '"k\\q"']) {
      expect(compareJsonTexts('{"a":1}', `{"a":1,${key}:2}`)).toBeNull();
      expect(compareJsonTexts('{"a":{"b":1}}', `{"a":{"b":2,${key}:2}}`)).toBeNull();
    }
  });

  it('keeps a member named __proto__ as a member, as JSON.parse does', () => {
    const pairs: [string, string][] = [
      ['{"a":{"__proto__":{"x":1},"b":1}}', '{"a":{"__proto__":{"x":2},"b":1}}'],
      ['{"a":{"b":1}}', '{"a":{"b":1,"__proto__":{"polluted":true}}}'],
      ['{"a":{"__proto__":1,"b":1}}', '{"a":{"b":1}}'],
    ];
    for (const [a, b] of pairs) {
      const r = compareJsonTexts(a, b);
      expect(r).not.toBeNull();
      expect(r!.differences.length).toBeGreaterThan(0);
      expect(asJson(r)).toBe(asJson(plain(a, b, {})));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads short cut-out numbers, strings and literals as JSON.parse does', () => {
    const values = ['0', '-0', '1.0', '1.5e3', '-2E-2', '123456789012345', '1234567890123456', '12345678901234567890', 'true', 'false', 'null', '""', '"a b"', '"é\\n"', '"あ"'];
    for (const x of values) {
      for (const y of values) {
        if (x === y) continue;
        // The rest of the document is long enough that the budget (half the texts) never refuses the cut.
        const a = `{"k":${x},"z":"${'z'.repeat(80)}"}`;
        const b = `{"k":${y},"z":"${'z'.repeat(80)}"}`;
        const r = compareJsonTexts(a, b);
        expect(r, `${x} / ${y}`).not.toBeNull();
        expect(asJson(r), `${x} / ${y}`).toBe(asJson(plain(a, b, {})));
      }
    }
  });

  it('leaves texts spelled differently throughout to the plain path at once: escapes as PHP writes them, lines, keys in another order, documents that part at their first member', () => {
    const doc = { status: 'ok', data: { name: 'お問い合わせ', url: 'https://example.jp/a/b', items: [{ id: 1, note: '発送' }, { id: 2, note: 'x' }] } };
    const raw = JSON.stringify(doc);
    // json_encode's defaults: \uXXXX for non-ASCII characters, \/ for slashes
    const php = raw.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/');
    const reversed = JSON.stringify({ data: { items: doc.data.items, url: doc.data.url, name: doc.data.name }, status: 'ok' });
    // the root's first members the same, a nested object's keys in another order
    const nested = JSON.stringify({ status: 'ok', data: { items: doc.data.items, url: doc.data.url, name: doc.data.name } });
    // a member only the candidate has, first
    const extraFirst = JSON.stringify({ success: true, ...doc });
    for (const [a, b] of [[php, raw], [raw, php], [raw, JSON.stringify(doc, null, 2)], [raw, reversed], [raw, nested], [raw, extraFirst]] as const) {
      expect(compareJsonTexts(a, b)).toBeNull();
      // and the comparison itself answers as the plain path does
      const r = compareBodies({ contentType: 'application/json', legacy: a, candidate: b });
      expect(asJson(r.differences)).toBe(asJson(plain(a, b, {}).differences));
      expect(r.equal).toBe(b !== extraFirst);
    }
  });

  it('goes to the plain path for a key repeated after a differing member, where JSON.parse keeps the last', () => {
    expect(compareJsonTexts('{"a":1,"b":2,"a":3}', '{"a":5,"b":2,"a":3}')).toBeNull();
    expect(compareJsonTexts('{"a":1,"a":3}', '{"a":1,"b":4,"a":3}')).toBeNull();
    expect(compareJsonTexts('{"a":1,"b":0,"a":2}', '{"a":1,"c":0}')).toBeNull();
    expect(compareJsonTexts('{"a":1,"c":0}', '{"a":1,"b":0,"a":2}')).toBeNull();
    expect(compareJsonTexts('{"a":1,"b":0,"b":2}', '{"a":1,"c":0}')).toBeNull();
  });

  it('keeps 64-bit ids exact and reports paths into nested members and array elements', () => {
    const a = '{"data":{"id":12345678901234567890,"items":[{"id":1,"p":10},{"id":2,"p":20}],"team":"x"}}';
    const b = '{"data":{"id":12345678901234567891,"items":[{"id":1,"p":10},{"id":2,"p":21}],"added":null}}';
    const r = compareJsonTexts(a, b);
    expect(r).not.toBeNull();
    expect(r!.differences.map((d) => [d.path, d.kind])).toEqual([
      ['$.data.id', 'changed'],
      ['$.data.items[1].p', 'changed'],
      ['$.data.team', 'removed'],
      ['$.data.added', 'added'],
    ]);
    expect(asJson(r)).toBe(asJson(plain(a, b, {})));
    expect(asJson(r!.differences[0]!.legacy)).toBe('12345678901234567890');
  });

  it('is what compareBodies uses for large texts with long integers, and gives the plain answer there', () => {
    const items = Array.from({ length: 400 }, (_, i) => `{"id":${90000000000000000 + i * 7919}1,"name":"item ${i}","price":${i * 10}}`);
    const a = `{"id":12345678901234567890,"items":[${items.join(',')}]}`;
    const changed = [...items];
    changed[123] = changed[123]!.replace('"price":1230', '"price":1231');
    const b = `{"id":12345678901234567890,"items":[${changed.join(',')}],"extra":true}`;
    const viaBodies = compareBodies({ contentType: 'application/json', legacy: Buffer.from(a), candidate: Buffer.from(b) });
    expect(viaBodies.differences.map((d) => d.path)).toEqual(['$.items[123].price', '$.extra']);
    expect(asJson(viaBodies.differences)).toBe(asJson(plain(a, b, {}).differences));
  });
});
