import { horizontalAxis } from './axis.js';
import { linearScale } from './linear-scale.js';
import { svgElement, svgRoot, svgText } from './svg-element.js';

/** A difference (new − legacy) with its confidence interval and the equivalence margin. */
export interface IntervalInput {
  mean: number | null;
  low: number | null;
  high: number | null;
  /** Half-width of the equivalence band around zero (shaded). */
  margin: number;
}

const WIDTH = 560;
const HEIGHT = 70;

/** The difference and its interval drawn around zero, with ±margin shaded: inside the band means "no difference". */
export function intervalChart(title: string, input: IntervalInput, unit = 's'): string {
  const { mean, low, high, margin } = input;
  const extent = Math.max(margin * 1.5, Math.abs(low ?? 0), Math.abs(high ?? 0), Math.abs(mean ?? 0)) * 1.1 || 1;
  const x = linearScale([-extent, extent], [20, WIDTH - 20]);
  const mid = 24;
  const parts = [
    svgElement('rect', { x: x(-margin), y: 6, width: x(margin) - x(-margin), height: 36, class: 'margin' }),
    svgElement('line', { x1: x(0), x2: x(0), y1: 4, y2: 44, class: 'zero' }),
  ];
  if (mean === null || low === null || high === null) {
    parts.push(svgText({ x: WIDTH / 2, y: mid + 4, 'text-anchor': 'middle', class: 'label' }, 'not enough data'));
  } else {
    parts.push(svgElement('line', { x1: x(low), x2: x(high), y1: mid, y2: mid, class: 'ci' }));
    parts.push(svgElement('line', { x1: x(low), x2: x(low), y1: mid - 6, y2: mid + 6, class: 'ci' }));
    parts.push(svgElement('line', { x1: x(high), x2: x(high), y1: mid - 6, y2: mid + 6, class: 'ci' }));
    parts.push(svgElement('circle', { cx: x(mean), cy: mid, r: 4, class: 'estimate' }));
  }
  return svgRoot(WIDTH, HEIGHT, title, ...parts, horizontalAxis(x, 46, unit, 6));
}
