/**
 * Comparison rules, global and per route (YAML under `compare:` and `routes[].compare`).
 * Paths use the same syntax as differences, with `[*]` for any index/key and `$..name` for any depth.
 */
export interface CompareRules {
  /** Paths whose differences are dropped, e.g. `$.data.updated_at`, `$.data[*].token`, `$..request_id`. */
  ignore?: string[];
  /** Arrays at these paths are compared as multisets (order never matters). */
  unordered?: string[];
  /** Arrays at these paths are sorted by the named key before comparing: `{ "$.data.items": "id" }`. */
  sortBy?: Record<string, string>;
  /** `"123"` vs `123`: `report` (as kind `type`, the default) or `ignore`. */
  numericStrings?: 'report' | 'ignore';
  /** Treat `[]` and `{}` as equal. */
  emptyContainersEqual?: boolean;
  /** Treat `null` and a missing key as equal. */
  nullEqualsMissing?: boolean;
  /** Absolute tolerance for numbers (0 = exact). */
  floatTolerance?: number;
  /** Strings that both parse as timestamps are equal when they name the same instant. */
  timestamps?: boolean;
  /** IANA zone for timestamps written without an offset (legacy `Y-m-d H:i:s`); default `Asia/Tokyo`. */
  timezone?: string;
}
