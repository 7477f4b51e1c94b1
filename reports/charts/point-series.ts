import { svgElement, svgRoot, svgText } from './svg-element.js';

/** One bucket of a series: its start (epoch ms) and value (null = no data, drawn as a gap). */
export interface TimePoint {
  start: number;
  value: number | null;
}

/** How a series is drawn. */
export interface TimeSeriesOptions {
  /** `rate`: 0..100 % with an optional threshold line; `count`: 0..max. */
  kind: 'rate' | 'count';
  threshold?: number;
}

const WIDTH = 560;
const HEIGHT = 140;
const LEFT = 48;
const BOTTOM = 20;

/** Bars over time (traffic per hour, match rate per hour), first and last bucket labelled in UTC. */
export function pointSeriesChart(title: string, points: readonly TimePoint[], opts: TimeSeriesOptions): string {
  const plotH = HEIGHT - BOTTOM - 8;
  const max = opts.kind === 'rate' ? 1 : Math.max(1, ...points.map((p) => p.value ?? 0));
  const step = (WIDTH - LEFT - 8) / Math.max(1, points.length);
  const y = (v: number): number => 8 + plotH - (v / max) * plotH;
  const label = (v: number): string => (opts.kind === 'rate' ? `${Math.round(v * 100)}%` : String(Math.round(v)));
  const parts: string[] = [
    svgText({ x: LEFT - 4, y: y(max) + 4, 'text-anchor': 'end', class: 'tick' }, label(max)),
    svgText({ x: LEFT - 4, y: y(0), 'text-anchor': 'end', class: 'tick' }, label(0)),
    svgElement('line', { x1: LEFT, x2: WIDTH - 8, y1: y(0), y2: y(0), class: 'axis' }),
  ];
  points.forEach((p, i) => {
    if (p.value === null) return;
    const h = Math.max(p.value > 0 ? 1 : 0, y(0) - y(p.value));
    const cls = opts.threshold === undefined ? 'bar' : p.value >= opts.threshold ? 'bar pass' : 'bar fail';
    parts.push(
      svgElement('rect', { x: LEFT + i * step + 1, y: y(0) - h, width: Math.max(1, step - 2), height: h, class: cls },
        svgElement('title', {}, `${new Date(p.start).toISOString().slice(0, 16)}Z ${label(p.value)}`)),
    );
  });
  if (opts.threshold !== undefined) parts.push(svgElement('line', { x1: LEFT, x2: WIDTH - 8, y1: y(opts.threshold), y2: y(opts.threshold), class: 'threshold' }));
  if (points.length > 0) {
    const when = (t: number) => `${new Date(t).toISOString().slice(5, 16).replace('T', ' ')}Z`;
    parts.push(svgText({ x: LEFT, y: HEIGHT - 4, class: 'tick' }, when(points[0]!.start)));
    parts.push(svgText({ x: WIDTH - 8, y: HEIGHT - 4, 'text-anchor': 'end', class: 'tick' }, when(points[points.length - 1]!.start)));
  }
  return svgRoot(WIDTH, HEIGHT, title, ...parts);
}
