import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBodies, compareJson, generalizePath } from '../../compare/index.js';
import type { Difference } from '../../model/index.js';

// Arrays of records with unique ids, and a field or two that may differ.
const row = fc.record({ id: fc.integer({ min: 1, max: 40 }), status: fc.constantFrom('open', 'replied', 'closed'), at: fc.constantFrom('2024-03-30 09:49:00', '2024-03-30T00:49:00Z') });
const rows = fc.uniqueArray(row, { selector: (r) => r.id, maxLength: 12 });

const flip: Record<Difference['kind'], Difference['kind']> = { added: 'removed', removed: 'added', changed: 'changed', type: 'type', order: 'order' };
/** A difference as seen from the other side, with its path generalised (each side reports its own index). */
function swapped(d: Difference): string {
  return JSON.stringify([flip[d.kind], generalizePath(d.path), d.candidate, d.legacy]);
}
function plain(d: Difference): string {
  return JSON.stringify([d.kind, generalizePath(d.path), d.legacy, d.candidate]);
}

describe('arrays aligned on a key (property)', () => {
  it('alignment is symmetric under swapping sides: the same findings, added ↔ removed, values swapped', () => {
    fc.assert(
      fc.property(rows, rows, (a, b) => {
        const ab = compareJson({ data: { items: a } }, { data: { items: b } }).differences.map(swapped).sort();
        const ba = compareJson({ data: { items: b } }, { data: { items: a } }).differences.map(plain).sort();
        expect(ba).toEqual(ab);
      }),
      { numRuns: 400 },
    );
  });

  it('a permutation of a keyed array is exactly one order finding and nothing else (from text too)', () => {
    fc.assert(
      fc.property(
        rows.filter((r) => r.length >= 2),
        fc.infiniteStream(fc.nat()),
        (a, seeds) => {
          const b = [...a];
          for (let i = b.length - 1; i > 0; i--) {
            const j = seeds.next().value % (i + 1);
            [b[i], b[j]] = [b[j]!, b[i]!];
          }
          const same = b.every((r, i) => r.id === a[i]!.id);
          for (const r of [
            compareJson({ items: a }, { items: b }),
            compareBodies({ contentType: 'application/json', legacy: JSON.stringify({ items: a }), candidate: JSON.stringify({ items: b }) }),
          ]) {
            if (same) {
              expect(r.differences).toEqual([]);
              continue;
            }
            expect(r.differences).toHaveLength(1);
            const [d] = r.differences;
            expect(d).toMatchObject({ path: '$.items', kind: 'order' });
            // the moved keys, in each side's order: the same set on both sides
            expect([...(d!.legacy as number[])].sort()).toEqual([...(d!.candidate as number[])].sort());
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
