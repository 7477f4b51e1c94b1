import { horizontalAxis } from './axis.js';
import { logScale } from './log-scale.js';
import { svgElement, svgRoot, svgText } from './svg-element.js';

/** One arm's values for a distribution chart. */
export interface DistributionArm {
  label: string;
  values: readonly number[];
  /** The data's n when `values` is a sample of it (printed as n). Default: values.length. */
  n?: number;
}

const WIDTH = 620;
const LABEL = 150;
const ROW = 52;

/**
 * Box and strip plot of each arm on one shared log-time axis (handling times are skewed: seconds to
 * hours): the box spans the quartiles with the median line, the whisker the 5th–95th percentile with
 * its end values written at the caps, and every value is a dot (jittered by a fixed pattern so the
 * chart is reproducible).
 */
export function distributionChart(title: string, arms: readonly DistributionArm[], unit = 's'): string {
  const all = arms.flatMap((a) => a.values).filter((v) => v > 0);
  const lo = all.length === 0 ? 1 : Math.min(...all);
  const hi = all.length === 0 ? 10 : Math.max(...all);
  const x = logScale([lo, hi], [LABEL, WIDTH - 24]);
  const height = arms.length * ROW + 34;
  const rows = arms.map((arm, i) => armRow(arm, i, x));
  return svgRoot(WIDTH, height, title, ...rows, horizontalAxis(x, arms.length * ROW + 8, unit, 6));
}

function armRow(arm: DistributionArm, i: number, x: (v: number) => number): string {
  const mid = i * ROW + ROW / 2 + 4;
  const sorted = [...arm.values].sort((a, b) => a - b);
  const n = arm.n ?? sorted.length;
  const parts = [svgText({ x: LABEL - 10, y: mid + 4, 'text-anchor': 'end', class: 'label' }, `${arm.label} (n = ${n})`)];
  if (sorted.length === 0) return parts.join('');
  const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))];
  const cls = `arm arm-${i}`;
  const p5 = x(q(0.05));
  const p95 = x(q(0.95));
  parts.push(svgElement('line', { x1: p5, x2: p95, y1: mid, y2: mid, class: `whisker ${cls}` }));
  parts.push(svgElement('line', { x1: p5, x2: p5, y1: mid - 7, y2: mid + 7, class: `whisker ${cls}` }));
  parts.push(svgElement('line', { x1: p95, x2: p95, y1: mid - 7, y2: mid + 7, class: `whisker ${cls}` }));
  parts.push(svgElement('rect', { x: x(q(0.25)), y: mid - 10, width: Math.max(1, x(q(0.75)) - x(q(0.25))), height: 20, class: `box ${cls}` }));
  parts.push(svgElement('line', { x1: x(q(0.5)), x2: x(q(0.5)), y1: mid - 12, y2: mid + 12, class: `median ${cls}` }));
  sorted.forEach((v, j) => {
    const jitter = ((j * 7) % 11) - 5;
    parts.push(svgElement('circle', { cx: x(v), cy: mid + jitter * 1.6, r: 1.8, class: `dot ${cls}` }));
  });
  // The 5 % and 95 % values above the caps, so the range reads without the axis.
  parts.push(svgText({ x: p5, y: mid - 14, 'text-anchor': 'middle', class: 'tick' }, `5%: ${short(q(0.05))}`));
  parts.push(svgText({ x: p95, y: mid - 14, 'text-anchor': p95 > p5 + 70 ? 'middle' : 'start', class: 'tick' }, `95%: ${short(q(0.95))}`));
  return parts.join('');
}

function short(v: number): string {
  return v >= 100 ? `${Math.round(v)} s` : `${Number(v.toPrecision(2))} s`;
}
