/**
 * The closed set of difference kinds (**contract**: `strangler compare --json`). `order` is an array
 * aligned on a key whose shared elements come in another order: one difference for the array, with
 * the moved keys in each side's order.
 */
export type DifferenceKind = 'changed' | 'added' | 'removed' | 'type' | 'order';

/**
 * One difference between the legacy (primary) and the candidate answer.
 * `path` is like `$.data.items[3].price`, bracket-quoted where a key needs it: `$['a.b']`.
 * `legacy` is absent for `added`, `candidate` absent for `removed`.
 */
export interface Difference {
  path: string;
  kind: DifferenceKind;
  legacy?: unknown;
  candidate?: unknown;
}
