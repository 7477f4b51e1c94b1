import { niceTicks, type LinearScale } from './linear-scale.js';

/**
 * A log-10 map from positive values to pixels (handling times span seconds to hours), with ticks at
 * 1, 2, 5 × 10^k. Values ≤ 0 are drawn at the lower end. Same shape as a linear scale, for the axis.
 */
export function logScale(domain: [number, number], range: [number, number]): LinearScale {
  // A little room on both sides so the end dots are not cut by the frame.
  const d0 = Math.max(domain[0], 0.1) / 1.15;
  const d1 = Math.max(domain[1], domain[0] * 1.5, 1) * 1.15;
  const [r0, r1] = range;
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  const scale = ((v: number) => r0 + ((Math.log10(Math.max(v, d0)) - l0) / (l1 - l0)) * (r1 - r0)) as LinearScale;
  scale.domain = [d0, d1];
  scale.ticks = (count: number) => logTicks(d0, d1, count);
  return scale;
}

/** Ticks at 1, 2, 5 × 10^k inside [lo, hi], thinned to about `count`. */
export function logTicks(lo: number, hi: number, count: number): number[] {
  // Less than a decade: round linear steps read better than one lone power of ten.
  if (hi / lo < 10) return niceTicks(lo, hi, count).filter((t) => t > 0);
  const all: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = Number((m * 10 ** e).toPrecision(6));
      if (t >= lo * 0.999 && t <= hi * 1.001) all.push(t);
    }
  }
  if (all.length <= count + 1) return all;
  const decades = all.filter((t) => /^1(0*)$|^0\.0*1$/.test(String(t)));
  return decades.length >= 2 ? decades : all.filter((_, i) => i % Math.ceil(all.length / count) === 0);
}
