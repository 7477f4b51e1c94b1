import { linearScale } from './linear-scale.js';
import { svgElement, svgRoot, svgText } from './svg-element.js';

/** One day of the series: each arm's mean (null: no handlings that day) and the canary percent. */
export interface SeriesDay {
  day: string;
  legacy: number | null;
  new: number | null;
  canaryPercent: number | null;
}

const WIDTH = 620;
const HEIGHT = 230;
const LEFT = 56;
const RIGHT = 52;
const TOP = 14;
const BOTTOM = 44;

/**
 * AHT per day per arm (lines with dots, seconds on the left axis) and the canary percent as a dashed
 * step line (right axis, 0–100 %): a learning or novelty effect shows as a trend over the days.
 */
export function timeSeriesChart(title: string, days: readonly SeriesDay[]): string {
  const values = days.flatMap((d) => [d.legacy, d.new]).filter((v): v is number => v !== null);
  const maxV = values.length === 0 ? 1 : Math.max(...values);
  const y = linearScale([0, maxV * 1.1], [HEIGHT - BOTTOM, TOP]);
  const yp = linearScale([0, 100], [HEIGHT - BOTTOM, TOP]);
  const n = days.length;
  const x = (i: number): number => (n <= 1 ? (LEFT + WIDTH - RIGHT) / 2 : LEFT + (i / (n - 1)) * (WIDTH - RIGHT - LEFT));
  const parts: string[] = [
    svgElement('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: HEIGHT - BOTTOM, y2: HEIGHT - BOTTOM, class: 'axis' }),
    svgElement('line', { x1: LEFT, x2: LEFT, y1: TOP, y2: HEIGHT - BOTTOM, class: 'axis' }),
    svgElement('line', { x1: WIDTH - RIGHT, x2: WIDTH - RIGHT, y1: TOP, y2: HEIGHT - BOTTOM, class: 'axis' }),
  ];
  for (const t of y.ticks(4)) {
    parts.push(svgText({ x: LEFT - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, `${t} s`));
  }
  for (const t of [0, 50, 100]) parts.push(svgText({ x: WIDTH - RIGHT + 6, y: yp(t) + 4, class: 'tick' }, `${t}%`));
  const every = Math.max(1, Math.ceil(n / 7));
  days.forEach((d, i) => {
    if (i % every === 0 || i === n - 1) parts.push(svgText({ x: x(i), y: HEIGHT - BOTTOM + 16, 'text-anchor': 'middle', class: 'tick' }, d.day.length > 10 ? d.day.slice(11) : d.day.slice(5)));
  });
  (['legacy', 'new'] as const).forEach((arm, k) => {
    const pts = days.map((d, i) => (d[arm] === null ? null : `${x(i).toFixed(1)},${y(d[arm] as number).toFixed(1)}`));
    const segs = pts.filter((p): p is string => p !== null);
    if (segs.length > 1) parts.push(svgElement('polyline', { points: segs.join(' '), class: `series arm-${k}` }));
    days.forEach((d, i) => {
      if (d[arm] !== null) parts.push(svgElement('circle', { cx: x(i), cy: y(d[arm] as number), r: 3, class: `dot arm-${k}` }));
    });
  });
  const steps: string[] = [];
  days.forEach((d, i) => {
    if (d.canaryPercent === null) return;
    const py = yp(d.canaryPercent).toFixed(1);
    const x0 = (i === 0 ? x(0) : (x(i - 1) + x(i)) / 2).toFixed(1);
    const x1 = (i === n - 1 ? x(i) : (x(i) + x(i + 1)) / 2).toFixed(1);
    steps.push(`${x0},${py} ${x1},${py}`);
  });
  if (steps.length > 0) parts.push(svgElement('polyline', { points: steps.join(' '), class: 'canary' }));
  const ly = HEIGHT - 10;
  parts.push(svgElement('circle', { cx: LEFT, cy: ly - 4, r: 4, class: 'dot arm-0' }), svgText({ x: LEFT + 8, y: ly, class: 'label' }, 'legacy mean'));
  parts.push(svgElement('circle', { cx: LEFT + 110, cy: ly - 4, r: 4, class: 'dot arm-1' }), svgText({ x: LEFT + 118, y: ly, class: 'label' }, 'new mean'));
  parts.push(svgElement('line', { x1: LEFT + 210, x2: LEFT + 232, y1: ly - 4, y2: ly - 4, class: 'canary' }), svgText({ x: LEFT + 238, y: ly, class: 'label' }, 'canary percent (right axis)'));
  return svgRoot(WIDTH, HEIGHT, title, ...parts);
}
