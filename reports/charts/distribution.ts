import { horizontalAxis } from './axis.js';
import { linearScale } from './linear-scale.js';
import { svgElement, svgRoot, svgText } from './svg-element.js';

/** One arm's values for a distribution chart. */
export interface DistributionArm {
  label: string;
  values: readonly number[];
}

const WIDTH = 560;
const LABEL = 90;
const ROW = 44;

/**
 * Box and strip plot of each arm on one shared axis: the box spans the quartiles, the whisker the
 * 5th–95th percentile, and every value is a dot (jittered by a fixed pattern so the chart is reproducible).
 */
export function distributionChart(title: string, arms: readonly DistributionArm[], unit = 's'): string {
  const all = arms.flatMap((a) => a.values);
  const max = all.length === 0 ? 1 : Math.max(...all);
  const min = all.length === 0 ? 0 : Math.min(0, ...all);
  const x = linearScale([min, max], [LABEL, WIDTH - 16]);
  const height = arms.length * ROW + 34;
  const rows = arms.map((arm, i) => armRow(arm, i, x));
  return svgRoot(WIDTH, height, title, ...rows, horizontalAxis(x, arms.length * ROW + 8, unit));
}

function armRow(arm: DistributionArm, i: number, x: (v: number) => number): string {
  const mid = i * ROW + ROW / 2;
  const sorted = [...arm.values].sort((a, b) => a - b);
  const parts = [svgText({ x: LABEL - 8, y: mid + 4, 'text-anchor': 'end', class: 'label' }, `${arm.label} (n=${sorted.length})`)];
  if (sorted.length === 0) return parts.join('');
  const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))];
  const cls = `arm arm-${i}`;
  parts.push(svgElement('line', { x1: x(q(0.05)), x2: x(q(0.95)), y1: mid, y2: mid, class: `whisker ${cls}` }));
  parts.push(svgElement('rect', { x: x(q(0.25)), y: mid - 10, width: Math.max(1, x(q(0.75)) - x(q(0.25))), height: 20, class: `box ${cls}` }));
  parts.push(svgElement('line', { x1: x(q(0.5)), x2: x(q(0.5)), y1: mid - 10, y2: mid + 10, class: `median ${cls}` }));
  sorted.forEach((v, j) => {
    const jitter = ((j * 7) % 11) - 5;
    parts.push(svgElement('circle', { cx: x(v), cy: mid + jitter * 1.6, r: 1.8, class: `dot ${cls}` }));
  });
  return parts.join('');
}
