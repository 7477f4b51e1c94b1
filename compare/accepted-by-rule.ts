import type { AcceptingRule } from './compiled-rules.js';

/** Differences a rule accepted in one comparison: the rule, the pattern as written, and how many. */
export interface AcceptedByRule {
  rule: AcceptingRule;
  /** The rule's path pattern, as written in the config. */
  pattern: string;
  count: number;
}

/** Counts per rule and pattern while a walk runs; `list()` in the order first seen. */
export class AcceptedCounter {
  private readonly byKey = new Map<string, AcceptedByRule>();

  add(rule: AcceptingRule, pattern: string): void {
    const key = `${rule} ${pattern}`;
    const hit = this.byKey.get(key);
    if (hit !== undefined) hit.count++;
    else this.byKey.set(key, { rule, pattern, count: 1 });
  }

  list(): AcceptedByRule[] {
    return [...this.byKey.values()];
  }
}

/** Sum accepted lists (e.g. over many comparisons of a route). */
export function mergeAccepted(lists: Iterable<readonly AcceptedByRule[]>): AcceptedByRule[] {
  const c = new Map<string, AcceptedByRule>();
  for (const list of lists) {
    for (const a of list) {
      const key = `${a.rule} ${a.pattern}`;
      const hit = c.get(key);
      if (hit !== undefined) hit.count += a.count;
      else c.set(key, { ...a });
    }
  }
  return [...c.values()];
}
