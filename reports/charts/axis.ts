import type { LinearScale } from './linear-scale.js';
import { svgElement, svgText } from './svg-element.js';

/** A horizontal axis at `y` with ticks and labels (`unit` appended to each label). */
export function horizontalAxis(x: LinearScale, y: number, unit: string, tickCount = 5): string {
  const [d0, d1] = x.domain;
  const parts = [svgElement('line', { x1: x(d0), x2: x(d1), y1: y, y2: y, class: 'axis' })];
  for (const t of x.ticks(tickCount)) {
    parts.push(svgElement('line', { x1: x(t), x2: x(t), y1: y, y2: y + 4, class: 'axis' }));
    parts.push(svgText({ x: x(t), y: y + 16, 'text-anchor': 'middle', class: 'tick' }, `${t}${unit}`));
  }
  return parts.join('');
}
