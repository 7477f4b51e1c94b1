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
  const diff = tot.legacy.n > 0 && tot.new.n > 0 ? tot.new.h / tot.new.n - tot.legacy.h / tot.legacy.n : null;
  // Operators' rates that do not vary at all (every operator 0 %, or all alike): the difference is exact.
  const exact = w === null && diff !== null && per.legacy.size >= 2 && per.new.size >= 2;
  const ci = w !== null ? welchInterval(w, 0.05) : exact ? { low: diff as number, high: diff as number } : null;
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
  // A reopen: the same case started again (by anyone) within the window after a completed handling's end.
  // Handlings sorted by (case, start); the next start after an end is a few steps ahead in that order.
  const n = handlings.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const ids = handlings.map((h) => h.caseId);
  order.sort((x, y) => (ids[x] < ids[y] ? -1 : ids[x] > ids[y] ? 1 : handlings[x].startTs - handlings[y].startTs));
  const reopenedAt = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const h = handlings[order[p]];
    for (let q = p + 1; q < n; q++) {
      const next = handlings[order[q]];
      if (next.caseId !== h.caseId) break;
      if (next.startTs > h.endTs) {
        if (next.startTs - h.endTs <= reopenWithinMs) reopenedAt[order[p]] = 1;
        break;
      }
    }
  }
  const abandonItems: { arm: 'legacy' | 'new'; operator: string; hit: boolean }[] = [];
  const reopenItems: { arm: 'legacy' | 'new'; operator: string; hit: boolean }[] = [];
  const transferred = { legacy: 0, new: 0 };
  let mixed = 0;
  for (let i = 0; i < n; i++) {
    const h = handlings[i];
    if (h.arm === 'mixed') {
      mixed++;
      continue;
    }
    const reason = endReasonOf(h);
    if (known) abandonItems.push({ arm: h.arm, operator: h.operatorId, hit: reason === 'abandoned' });
    if (reason === 'completed') reopenItems.push({ arm: h.arm, operator: h.operatorId, hit: reopenedAt[i] === 1 });
    if (reason === 'transferred') transferred[h.arm]++;
  }
  return {
    abandonment: guardrail(abandonItems),
    reopen: guardrail(reopenItems),
    reopen_within_ms: reopenWithinMs,
    mixed,
    transferred,
    end_reasons_known: known,
  };
}

function r4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
