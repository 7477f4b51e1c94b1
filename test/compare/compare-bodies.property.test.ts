import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBodies, parseRules, validateRules, type CompareRules } from '../../compare/index.js';

// Rules as a config could hold them: valid paths, odd paths, and values of the wrong kind.
const pathish = fc.oneof(
  fc.constantFrom('$', '$.a', '$.a[*]', '$..id', '$.a[0].b', '$["x y"]', '$.a[-1]', '$[', '$..', 'a.b', '$.*', '$.a[*][*]', '$.日本'),
  fc.string({ maxLength: 10 }).map((s) => `$.${s}`),
  fc.string({ maxLength: 10 }),
);
const loose = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const rules = fc.record({
  ignore: fc.oneof(fc.array(pathish, { maxLength: 3 }), loose),
  unordered: fc.oneof(fc.array(pathish, { maxLength: 3 }), loose),
  sortBy: fc.oneof(fc.dictionary(pathish, fc.oneof(fc.constantFrom('id', 'name'), loose), { maxKeys: 2 }), loose),
  numericStrings: fc.oneof(fc.array(pathish, { maxLength: 2 }), loose),
  emptyContainersEqual: fc.oneof(fc.array(pathish, { maxLength: 2 }), loose),
  nullEqualsMissing: fc.oneof(fc.array(pathish, { maxLength: 2 }), loose),
  floatTolerance: fc.oneof(fc.dictionary(pathish, fc.double({ min: 0, max: 10, noNaN: true }), { maxKeys: 2 }), loose),
  timestamps: fc.oneof(fc.array(pathish, { maxLength: 2 }), loose),
  generated: fc.oneof(fc.array(pathish, { maxLength: 2 }), loose),
  keys: fc.oneof(fc.dictionary(pathish, fc.oneof(fc.constantFrom('id', 'name'), loose), { maxKeys: 2 }), loose),
  timezone: fc.oneof(fc.constantFrom('Asia/Tokyo', 'UTC', 'Mars/Olympus'), loose),
}, { requiredKeys: [] });

const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' },
    fc.constantFrom('2024-05-01 09:00:00', '2024-05-01T00:00:00Z', '12345678901234567890', '1e400', '-0', ''),
    fc.string({ maxLength: 8 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.array(fc.record({ id: fc.oneof(fc.nat(5), fc.string({ maxLength: 2 })), name: tie('v') }), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'id', 'name', 'x y', '日本'), tie('v'), { maxKeys: 4 })),
})).v;
// JSON text, with exact big numbers now and then and the odd byte that is not UTF-8
const body = fc.oneof(
  value.map((v) => JSON.stringify(v) ?? 'null'),
  value.map((v) => (JSON.stringify(v) ?? 'null').replace(/"12345678901234567890"/g, '12345678901234567890')),
  fc.uint8Array({ maxLength: 32 }),
);

describe('compareBodies with arbitrary rules', () => {
  it('valid rules compare any two JSON bodies without throwing; invalid rules are refused with CMP_ERR_INVALID_RULES (property)', () => {
    fc.assert(
      fc.property(rules, body, body, (r, legacy, candidate) => {
        const issues = validateRules(r);
        if (issues.length > 0) {
          expect(() => parseRules(r)).toThrow(expect.objectContaining({ code: 'CMP_ERR_INVALID_RULES' }));
          return;
        }
        const out = compareBodies({ contentType: 'application/json', legacy, candidate, rules: r as CompareRules });
        expect(typeof out.equal).toBe('boolean');
        for (const d of out.differences) expect(['changed', 'added', 'removed', 'type', 'order']).toContain(d.kind);
        // a body always equals itself under any rules
        expect(compareBodies({ contentType: 'application/json', legacy, candidate: legacy, rules: r as CompareRules }).equal).toBe(true);
      }),
      { numRuns: 800 },
    );
  });
});
