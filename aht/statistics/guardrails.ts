import type { Guardrail, GuardrailRate, Guardrails } from '../aht-report.js';
import type { Handling } from '../handling.js';
import { endReasonOf, endReasonsKnown } from '../end-reason.js';
import { welchInterval, welchT } from './cluster-t.js';
import { Z_975 } from './normal.js';
import { roundP } from './summary.js';

/** Default reopen window: a case started again within a day of its end counts as reopened. */
export const DEFAULT_REOPEN_WITHIN_MS = 24 * 3_600_000;

/** Wilson score interval (95 %) of count/of. */
export function wilson(count: number, of: number): GuardrailRate {
  if (of === 0) return { count, of, rate: null, ci_low: null, ci_high: null };
  const p = count / of;
  const z = Z_975;
  const d = 1 + (z * z) / of;
  const c = (p + (z * z) / (2 * of)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / of + (z * z) / (4 * of * of))) / d;
  return { count, of, rate: r4(p), ci_low: r4(Math.max(0, c - h)), ci_high: r4(Math.min(1, c + h)) };
}

/**
 * One guardrail from per-handling flags: each arm's rate with a Wilson interval, and new − legacy with
 * a 95 % Welch interval on operator rates (the operator is the unit here too).
 */
function guardrail(items: readonly { arm: 'legacy' | 'new'; operator: string; hit: boolean }[]): Guardrail {
  const per = { legacy: new Map<string, { h: number; n: number }>(), new: new Map<string, { h: number; n: number }>() };
  const tot = { legacy: { h: 0, n: 0 }, new: { h: 0, n: 0 } };
  for (const it of items) {
    const o = per[it.arm].get(it.operator) ?? { h: 0, n: 0 };
    o.n++;
    tot[it.arm].n++;
    if (it.hit) {
      o.h++;
      tot[it.arm].h++;
    }
    per[it.arm].set(it.operator, o);
  }
  const rates = (m: Map<string, { h: number; n: number }>): number[] => [...m.values()].map((o) => o.h / o.n);
  const w = welchT(rates(per.legacy), rates(per.new));
  const ci = w === null ? null : welchInterval(w, 0.05);
  const diff = tot.legacy.n > 0 && tot.new.n > 0 ? tot.new.h / tot.new.n - tot.legacy.h / tot.legacy.n : null;
  return {
    legacy: wilson(tot.legacy.h, tot.legacy.n),
    new: wilson(tot.new.h, tot.new.n),
    difference: {
      rate: w === null ? (diff === null ? null : r4(diff)) : r4(w.difference),
      ci_low: ci === null ? null : r4(ci.low),
      ci_high: ci === null ? null : r4(ci.high),
      p_value: w === null ? null : roundP(w.pValue),
    },
    worse_on_new: ci !== null && ci.low > 0,
  };
}

/** Abandonment, reopen and mixed/transferred counts of one case type's handlings. */
export function guardrails(handlings: readonly Handling[], reopenWithinMs: number): Guardrails {
  const known = endReasonsKnown(handlings);
  const sided = handlings.filter((h): h is Handling & { arm: 'legacy' | 'new' } => h.arm !== 'mixed');
  // A reopen: the same case started again (by anyone) within the window after a completed handling's end.
  const starts = new Map<string, number[]>();
  for (const h of handlings) {
    const a = starts.get(h.caseId);
    if (a === undefined) starts.set(h.caseId, [h.startTs]);
    else a.push(h.startTs);
  }
  for (const a of starts.values()) a.sort((x, y) => x - y);
  const reopened = (h: Handling): boolean => {
    const a = starts.get(h.caseId) ?? [];
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] <= h.endTs) lo = mid + 1;
      else hi = mid;
    }
    return lo < a.length && a[lo] - h.endTs <= reopenWithinMs;
  };
  const completed = sided.filter((h) => endReasonOf(h) === 'completed');
  return {
    abandonment: guardrail(known ? sided.map((h) => ({ arm: h.arm, operator: h.operatorId, hit: endReasonOf(h) === 'abandoned' })) : []),
    reopen: guardrail(completed.map((h) => ({ arm: h.arm, operator: h.operatorId, hit: reopened(h) }))),
    reopen_within_ms: reopenWithinMs,
    mixed: handlings.length - sided.length,
    transferred: {
      legacy: sided.filter((h) => h.arm === 'legacy' && endReasonOf(h) === 'transferred').length,
      new: sided.filter((h) => h.arm === 'new' && endReasonOf(h) === 'transferred').length,
    },
    end_reasons_known: known,
  };
}

function r4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
