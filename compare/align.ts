import { LosslessNumber } from 'lossless-json';

/*
 * Arrays of records are matched element to element by a key before they are compared: a list that
 * comes back in another order is then one `order` difference, not a difference in every field of
 * every row (docs/compare.md, "Arrays").
 */

/** Thrown through a guarded walk when a number may have lost digits in JSON.parse. */
export const ROUNDED = Symbol('rounded');

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Moved keys listed in an `order` difference, per side. */
export const MAX_MOVED_LISTED = 100;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof LosslessNumber);
}

/**
 * The text an element is matched on: its key's value when that is a string or a number (`1` and
 * `"1"` match: their type difference is reported on the key itself), else null.
 */
export function alignKeyOf(v: unknown, key: string, guard = false): string | null {
  if (!isRecord(v)) return null;
  const k = v[key];
  if (typeof k === 'string') return k;
  if (typeof k === 'number') {
    if (guard && (k > MAX_SAFE || k < -MAX_SAFE)) throw ROUNDED;
    return String(k);
  }
  if (k instanceof LosslessNumber) return k.value;
  return null;
}

function everyHas(arr: readonly unknown[], key: string): boolean {
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (!isRecord(v)) return false;
    const k = v[key];
    if (typeof k !== 'string' && typeof k !== 'number' && !(k instanceof LosslessNumber)) return false;
  }
  return true;
}

/**
 * The key both arrays' elements can be matched on: `id`, else `uuid`, else `key`, else a `*_id`
 * member of the first element, when every element on both sides has it; null otherwise.
 */
export function detectAlignKey(a: readonly unknown[], b: readonly unknown[]): string | null {
  if (a.length === 0 || b.length === 0) return null;
  const first = a[0];
  if (!isRecord(first) || !isRecord(b[0])) return null;
  for (const name of ['id', 'uuid', 'key']) if (name in first && everyHas(a, name) && everyHas(b, name)) return name;
  for (const name in first) {
    if (name.length > 3 && name.endsWith('_id') && everyHas(a, name) && everyHas(b, name)) return name;
  }
  return null;
}

/** True when both arrays have the same length and the same key at every position (alignment is positional). */
export function keysInPlace(a: readonly unknown[], b: readonly unknown[], key: string, guard: boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = alignKeyOf(a[i], key, guard);
    if (x === null || x !== alignKeyOf(b[i], key, guard)) return false;
  }
  return true;
}

/** Key → index, or null when an element has no key or two share one (then positions decide). */
export function indexByKey(arr: readonly unknown[], key: string, guard: boolean): Map<string, number> | null {
  const m = new Map<string, number>();
  for (let i = 0; i < arr.length; i++) {
    const k = alignKeyOf(arr[i], key, guard);
    if (k === null || m.has(k)) return null;
    m.set(k, i);
  }
  return m;
}

/**
 * The shared elements' keys where their order differs, legacy's order and the candidate's (the key
 * values as written, at most MAX_MOVED_LISTED each); null when the shared elements keep their order.
 * Positions are compared in the sequence of shared elements, so swapping sides swaps the lists.
 */
export function movedKeys(
  a: readonly unknown[],
  b: readonly unknown[],
  ia: ReadonlyMap<string, number>,
  ib: ReadonlyMap<string, number>,
  key: string,
): { legacy: unknown[]; candidate: unknown[] } | null {
  const seqA: number[] = [];
  for (let i = 0; i < a.length; i++) if (ib.has(alignKeyOf(a[i], key)!)) seqA.push(i);
  const seqB: number[] = [];
  for (let j = 0; j < b.length; j++) if (ia.has(alignKeyOf(b[j], key)!)) seqB.push(j);
  const legacy: unknown[] = [];
  const candidate: unknown[] = [];
  for (let p = 0; p < seqA.length; p++) {
    const x = a[seqA[p]] as Record<string, unknown>;
    const y = b[seqB[p]] as Record<string, unknown>;
    if (alignKeyOf(x, key) === alignKeyOf(y, key)) continue;
    if (legacy.length < MAX_MOVED_LISTED) {
      legacy.push(x[key]);
      candidate.push(y[key]);
    }
  }
  return legacy.length === 0 ? null : { legacy, candidate };
}
