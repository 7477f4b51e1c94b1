import type { AhtCaseReport, Guardrail } from '../aht/aht-report.js';

/** Seconds for prose: whole seconds from 10 s on, one decimal from 1 s, two below. */
export function proseSeconds(s: number): string {
  const a = Math.abs(s);
  return a >= 10 ? String(Math.round(a)) : a >= 1 ? a.toFixed(1) : a.toFixed(2);
}

/** A p-value as printed: `< 0.001` below a thousandth, else three decimals. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return '–';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** An interval for prose: "21–55 s", or "−5 to 29 s" when a bound is negative. */
function range(low: number, high: number): string {
  if (low >= 0) return `${proseSeconds(low)}–${proseSeconds(high)} s`;
  const sgn = (x: number): string => `${x < 0 ? '−' : ''}${proseSeconds(x)}`;
  return `${sgn(low)} to ${sgn(high)} s`;
}

function operatorsText(c: AhtCaseReport): string {
  const l = c.arms.legacy.operators;
  const n = c.arms.new.operators;
  const ops = l === n ? `${n} operators per arm` : `${n} operators on new, ${l} on legacy`;
  return `${ops}, ${c.days} day${c.days === 1 ? '' : 's'}`;
}

/** What more data the advice asks for, in operators and days. */
export function powerText(c: AhtCaseReport): string | null {
  const p = c.power;
  if (p === null) return null;
  const ops = p.more_operators_new === null ? null : `${p.more_operators_new} more operator${p.more_operators_new === 1 ? '' : 's'} on new`;
  const days = p.more_days === null ? null : `${p.more_days} more day${p.more_days === 1 ? '' : 's'} at today's rate`;
  const aim = p.aim === 'difference' ? 'to show a difference of this size' : 'to show the arms within the margin';
  const power = `the data in hand has ${Math.round(p.power * 100)} % power ${aim}`;
  if (ops === null && days === null) return `${power}; neither more operators on new nor more days alone would reach 80 %, about ${p.operators_per_arm} operators per arm would`;
  if (ops !== null && days !== null) return `${power}; need about ${ops}, or ${days}`;
  if (ops !== null) return `${power}; need about ${ops} (more days alone would not do: the spread between operators dominates)`;
  return `${power}; need about ${days} (operators on new alone would not do)`;
}

/** Words for each inconclusive reason, as printed beside the verdict. */
export const REASON_WORDS: Record<NonNullable<AhtCaseReport['reason']>, string> = {
  'too-few-operators': 'too few operators',
  'arms-in-different-periods': 'arms in different periods',
  'no-variation': 'no variation',
  'not-enough-evidence': 'not enough evidence yet',
};

function guardrailText(name: string, g: Guardrail): string {
  if (g.legacy.rate === null || g.new.rate === null) return `${name} not measured`;
  const d = g.difference;
  if (g.worse_on_new && d.rate !== null && d.ci_low !== null && d.ci_high !== null) {
    const pts = (x: number): string => (x * 100).toFixed(1);
    return `${name} higher on new (${pts(g.legacy.rate)} % → ${pts(g.new.rate)} %, +${pts(d.rate)} points, 95 % CI ${pts(d.ci_low)}–${pts(d.ci_high)})`;
  }
  if (d.ci_high !== null && d.ci_high < 0) return `${name} lower on new`;
  return `${name} unchanged`;
}

/** The guardrails in words: "abandonment unchanged, reopens higher on new (…)". */
export function guardrailsText(c: AhtCaseReport): string {
  const g = c.guardrails;
  const abandon = g.end_reasons_known ? guardrailText('abandonment', g.abandonment) : 'abandonment per arm not known';
  return `${abandon}, ${guardrailText('reopens', g.reopen)}`;
}

/** The one plain sentence that says what the evidence supports for a case type. */
export function caseSentence(c: AhtCaseReport, marginS: number): string {
  const d = c.difference;
  const on = `On ${c.name}`;
  const rails = guardrailsText(c);
  const worse = c.guardrails.abandonment.worse_on_new || c.guardrails.reopen.worse_on_new;
  const ci = d.ci_low_s !== null && d.ci_high_s !== null ? { low: d.ci_low_s, high: d.ci_high_s } : null;
  switch (c.verdict) {
    case 'new-faster': {
      const tail = worse ? `; but ${rails}, so the faster handling may not be a gain.` : `; ${rails}.`;
      return `${on}, the new stack is ${proseSeconds(d.mean_s ?? 0)} s faster per handling (95 % CI ${ci ? range(-ci.high, -ci.low) : '–'}, ${operatorsText(c)})${tail}`;
    }
    case 'new-slower':
      return `${on}, the new stack is ${proseSeconds(d.mean_s ?? 0)} s slower per handling (95 % CI ${ci ? range(ci.low, ci.high) : '–'}, ${operatorsText(c)}); ${rails}.`;
    case 'no-difference':
      return `${on}, the new stack and legacy take the same time within ±${marginS} s (new − legacy ${d.mean_s === null ? '–' : `${d.mean_s < 0 ? '−' : ''}${proseSeconds(d.mean_s)} s`}, 95 % CI ${ci ? range(ci.low, ci.high) : '–'}, ${operatorsText(c)}); ${rails}.`;
    default:
      break;
  }
  switch (c.reason) {
    case 'too-few-operators':
      return `${on}, no verdict: ${c.arms.new.operators} operator${c.arms.new.operators === 1 ? '' : 's'} on new and ${c.arms.legacy.operators} on legacy, and operators are the unit, so at least the minimum per arm is needed before any comparison is honest.`;
    case 'arms-in-different-periods':
      return `${on}, no comparison: each arm's handlings come from a different period (one ends before the other starts), so a difference would mix the stack with the time; compare a window where both arms ran.`;
    case 'no-variation':
      return `${on}, no verdict: the operators' means do not vary enough to estimate an interval.`;
    default: {
      const est = d.mean_s === null ? '' : ` new − legacy is ${d.mean_s < 0 ? '−' : '+'}${proseSeconds(d.mean_s)} s (95 % CI ${ci ? range(ci.low, ci.high) : '–'}, ${operatorsText(c)}),`;
      const av = d.always_valid;
      const avText = av && av.ci_low_s !== null && av.ci_high_s !== null ? ` and the interval that stays valid under repeated looks (${range(av.ci_low_s, av.ci_high_s)}) does not settle it` : '';
      const pw = powerText(c);
      return `${on}, not enough evidence yet:${est}${avText}${pw === null ? '' : `; ${pw}`}.`;
    }
  }
}
