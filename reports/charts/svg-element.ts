import { escapeHtml } from '../escape-html.js';

/** Attribute values of an SVG element; undefined/null attributes are left out. */
export type SvgAttrs = Record<string, string | number | undefined | null>;

/** One SVG element as text, attributes escaped; children are already-rendered SVG text. */
export function svgElement(tag: string, attrs: SvgAttrs, ...children: string[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${escapeHtml(typeof v === 'number' ? fmt(v) : v)}"`)
    .join('');
  return children.length === 0 ? `<${tag}${a}/>` : `<${tag}${a}>${children.join('')}</${tag}>`;
}

/** A text node (escaped). */
export function svgText(attrs: SvgAttrs, text: string): string {
  return svgElement('text', attrs, escapeHtml(text));
}

/** The root `<svg>` with a title for screen readers and printing. */
export function svgRoot(width: number, height: number, title: string, ...children: string[]): string {
  return svgElement(
    'svg',
    { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart' },
    svgElement('title', {}, escapeHtml(title)),
    ...children,
  );
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
