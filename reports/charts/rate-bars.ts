import { svgElement, svgRoot, svgText } from './svg-element.js';

/** One bar: a label and a rate in 0..1 (null = no data). */
export interface RateBar {
  label: string;
  rate: number | null;
}

const WIDTH = 560;
const LABEL = 170;
const ROW = 22;

/** Horizontal bars of rates (e.g. match rate per route), with the threshold drawn as a line. */
export function rateBarsChart(title: string, bars: readonly RateBar[], threshold: number): string {
  const span = WIDTH - LABEL - 60;
  const x = (r: number): number => LABEL + r * span;
  const parts = bars.map((b, i) => {
    const y = i * ROW + 4;
    const label = svgText({ x: LABEL - 6, y: y + 13, 'text-anchor': 'end', class: 'label' }, b.label);
    if (b.rate === null) return label + svgText({ x: LABEL + 4, y: y + 13, class: 'tick' }, 'no samples');
    const cls = b.rate >= threshold ? 'bar pass' : 'bar fail';
    return (
      label +
      svgElement('rect', { x: LABEL, y, width: Math.max(1, b.rate * span), height: ROW - 6, class: cls }) +
      svgText({ x: x(b.rate) + 4, y: y + 13, class: 'tick' }, `${(b.rate * 100).toFixed(1)}%`)
    );
  });
  const height = bars.length * ROW + 10;
  parts.push(svgElement('line', { x1: x(threshold), x2: x(threshold), y1: 0, y2: height, class: 'threshold' }));
  return svgRoot(WIDTH, height, title, ...parts);
}
