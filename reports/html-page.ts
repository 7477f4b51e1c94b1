import { escapeHtml } from './escape-html.js';

/** Inline style sheet shared by the reports and the dashboard: no fonts or images to fetch, and a print layout. */
export const REPORT_CSS = `
:root { --ink:#1d2430; --muted:#5b6675; --line:#d5dbe3; --pass:#1b7f4b; --fail:#b3261e; --warn:#9a6700; --a0:#3b6fb6; --a1:#d9822b; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; padding: 24px; max-width: 1100px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; } .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre.diff { background: #f7f8fa; border: 1px solid var(--line); padding: 6px 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
.del { background: #fde8e7; color: #8a1c14; display: block; } .add { background: #e6f4ea; color: #14562f; display: block; } .ctx { display: block; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.ready, .new-faster, .no-difference { color: var(--pass); } .not-ready, .new-slower { color: var(--fail); } .inconclusive { color: var(--warn); } .in-new { color: var(--a0); }
section.route { break-inside: avoid-page; } .note { background: #f3f5f8; border-left: 4px solid var(--a0); padding: 8px 12px; margin: 12px 0; }
svg.chart { display: block; margin: 6px 0 12px; max-width: 100%; height: auto; }
svg .axis { stroke: var(--muted); } svg .tick, svg .label { font-size: 11px; fill: var(--ink); }
svg .box { fill-opacity: 0.25; stroke-width: 1.5; } svg .whisker, svg .median { stroke-width: 2; } svg .dot { fill-opacity: 0.6; }
svg .arm-0 { stroke: var(--a0); fill: var(--a0); } svg .arm-1 { stroke: var(--a1); fill: var(--a1); }
svg .margin { fill: #e6f4ea; } svg .zero { stroke: var(--muted); stroke-dasharray: 3 3; } svg .ci { stroke: var(--ink); stroke-width: 2; } svg .estimate { fill: var(--ink); }
svg polyline.series { fill: none; stroke-width: 2; } svg polyline.canary { fill: none; stroke: var(--muted); stroke-dasharray: 5 3; stroke-width: 1.5; }
.sentence { font-size: 16px; margin: 10px 0 14px; } .reason { color: var(--warn); font-size: 12px; }
svg .bar.pass { fill: var(--pass); } svg .bar.fail { fill: var(--fail); } svg .threshold { stroke: var(--ink); stroke-dasharray: 4 3; }
nav a { margin-right: 14px; } form.inline { display: inline; } label { display: block; margin: 6px 0 2px; font-weight: 600; }
input, select, textarea, button { font: inherit; } input[type=text], input[type=password], input[type=number], select, textarea { padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; min-width: 260px; }
button { padding: 5px 14px; border-radius: 4px; border: 1px solid var(--a0); background: var(--a0); color: #fff; cursor: pointer; } button.secondary { background: #fff; color: var(--a0); }
.error { color: var(--fail); font-weight: 600; } .flash { background: #e6f4ea; padding: 6px 10px; border-radius: 4px; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; } nav, form, button, .no-print { display: none !important; }
  h2 { break-after: avoid-page; } table, pre.diff, svg.chart { break-inside: avoid-page; }
  .del, .add { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** A whole self-contained HTML document: inline CSS, no external resources. `body` is already-escaped HTML. */
export function htmlPage(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
${head}</head>
<body>
${body}
</body>
</html>
`;
}
