import type { ShadowResult } from '../../model/shadow-result.js';
import type { RouteDiffReport } from '../../reports/diff-report.js';
import { escapeHtml as h } from '../../reports/escape-html.js';
import { exampleBlock } from '../../reports/render-diff-html.js';
import { formatRate } from '../../reports/format-figures.js';
import { generalizePath } from '../../compare/index.js';
import { scrubDiffPath, scrubRequestPath, scrubValue } from '../../reports/scrub.js';
import { BASE, dashboardPage } from './layout.js';
import type { DashboardSession } from './sessions.js';

/** Filters of the diff browser. */
export interface DiffFilter {
  route: string | null;
  path: string | null;
  /** A substring of the stored request path (with its kept query), e.g. `status=open` or `/api/inquiries/12`. */
  request: string | null;
}

/** Differing results shown per page of the diff browser. */
export const DIFFS_PER_PAGE = 50;

/** The differing (non-matching) results, filtered by route and by a substring of a generalised difference path. */
export function differingResults(results: readonly ShadowResult[], filter: DiffFilter): ShadowResult[] {
  return results.filter((r) => {
    if (filter.route !== null && r.routeId !== filter.route) return false;
    // Baselines compare legacy with itself: they teach noise, they are not differences of the candidate.
    if (r.kind === 'noise') return false;
    const noise = new Set(r.noise);
    const real = r.differences.filter((d) => !noise.has(d.path));
    if (r.candidateError === null && (r.equal || real.length === 0)) return false;
    if (filter.request !== null && !`${r.method} ${r.path}`.includes(filter.request)) return false;
    if (filter.path === null) return true;
    return real.some((d) => generalizePath(d.path).includes(filter.path!) || d.path.includes(filter.path!));
  });
}

function link(filter: DiffFilter, page = 1): string {
  const q = new URLSearchParams();
  if (filter.route) q.set('route', filter.route);
  if (filter.path) q.set('path', filter.path);
  if (filter.request) q.set('request', filter.request);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `${BASE}/diffs${s ? `?${s}` : ''}`;
}

/** The diff browser: filter form, the route's top paths, and the differing results with links to each example. */
export function diffsPage(opts: {
  routes: readonly string[];
  filter: DiffFilter;
  results: readonly ShadowResult[];
  summary: RouteDiffReport | null;
  session: DashboardSession;
  /** 1-based page of the results. */
  page?: number;
}): string {
  const { routes, filter, results, summary, session } = opts;
  const pages = Math.max(1, Math.ceil(results.length / DIFFS_PER_PAGE));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pages);
  const shown = results.slice((page - 1) * DIFFS_PER_PAGE, page * DIFFS_PER_PAGE);
  const form = `<form method="get" action="${BASE}/diffs" class="no-print">
<label for="route">Route</label><select id="route" name="route"><option value="">all routes</option>${routes
    .map((r) => `<option value="${h(r)}"${r === filter.route ? ' selected' : ''}>${h(r)}</option>`)
    .join('')}</select>
<label for="path">Path contains</label><input id="path" name="path" type="text" value="${h(filter.path ?? '')}" placeholder="$.data.items[*].price">
<label for="request">Request contains</label><input id="request" name="request" type="text" value="${h(filter.request ?? '')}" placeholder="status=open">
<button type="submit">Filter</button></form>`;
  const top = summary
    ? `<h2>Top differing paths of ${h(summary.routeId)}</h2><p>${h(summary.samples)} samples, match ${h(formatRate(summary.matchRate))}, errors ${h(formatRate(summary.errorRate))}.</p>` +
      (summary.topPaths.length === 0
        ? '<p class="muted">None.</p>'
        : `<table><thead><tr><th>path</th><th>kind</th><th class="num">results</th><th class="num">share</th></tr></thead><tbody>${summary.topPaths
            .map(
              (p) =>
                `<tr><td><a href="${h(link({ route: summary.routeId, path: p.path, request: null }))}"><code>${h(p.path)}</code></a></td><td>${h(p.kind)}</td><td class="num">${h(p.count)}</td><td class="num">${h(formatRate(p.share))}</td></tr>`,
            )
            .join('')}</tbody></table>`)
    : '';
  const rows = shown
    .map((r) => {
      const noise = new Set(r.noise);
      const paths = r.differences.filter((d) => !noise.has(d.path)).map((d) => d.path);
      const what = r.candidateError ?? `${paths.slice(0, 3).map(scrubDiffPath).join(', ')}${paths.length > 3 ? ` (+${paths.length - 3})` : ''}`;
      return (
        `<tr><td>${h(new Date(r.ts).toISOString())}</td><td>${h(r.routeId)}</td><td>${h(r.kind)}</td><td><code>${h(r.method)} ${h(scrubRequestPath(r.path))}</code></td>` +
        `<td class="num">${h(r.statusPrimary)} / ${h(r.statusCandidate ?? '–')}</td><td><code>${h(what)}</code></td>` +
        `<td><a href="${BASE}/diffs/${encodeURIComponent(r.id)}?route=${encodeURIComponent(r.routeId)}">open</a></td></tr>`
      );
    })
    .join('\n');
  const body = `<h1>Diffs</h1>
${form}
${top}
<h2>Differing results (${h(results.length)})</h2>
${pages > 1 ? `<p class="no-print" id="pages">Page ${h(page)} of ${h(pages)}${page > 1 ? ` · <a href="${h(link(filter, page - 1))}">newer</a>` : ''}${page < pages ? ` · <a href="${h(link(filter, page + 1))}">older</a>` : ''}</p>` : ''}
${results.length === 0 ? '<p class="muted">No differing results match.</p>' : `<table id="results"><thead><tr><th>time</th><th>route</th><th>kind</th><th>request</th><th class="num">status legacy / candidate</th><th>differences</th><th></th></tr></thead><tbody>${rows}</tbody></table>`}`;
  return dashboardPage('Diffs', body, session);
}

/** One shadow result: every difference as a unified diff of the legacy and candidate values. */
export function diffExamplePage(r: ShadowResult, session: DashboardSession): string {
  const noise = new Set(r.noise);
  const blocks = r.differences.map((d) => {
    const e = { resultId: r.id, ts: r.ts, method: r.method, requestPath: scrubRequestPath(r.path), path: scrubDiffPath(d.path), kind: d.kind } as Parameters<typeof exampleBlock>[0];
    if ('legacy' in d) e.legacy = scrubValue(d.legacy);
    if ('candidate' in d) e.candidate = scrubValue(d.candidate);
    return `<h3><code>${h(scrubDiffPath(d.path))}</code> — ${h(d.kind)}${noise.has(d.path) ? ' <span class="muted">(noise)</span>' : ''}</h3>${exampleBlock(e)}`;
  });
  const body = `<h1>Shadow result ${h(r.id)}</h1>
<p><a href="${h(link({ route: r.routeId, path: null, request: null }))}">Back to ${h(r.routeId)}</a></p>
<table><tbody>
<tr><th>time</th><td>${h(new Date(r.ts).toISOString())}</td></tr>
<tr><th>request</th><td><code>${h(r.method)} ${h(scrubRequestPath(r.path))}</code> (${h(r.kind)})</td></tr>
<tr><th>status legacy / candidate</th><td>${h(r.statusPrimary)} / ${h(r.statusCandidate ?? '–')}</td></tr>
<tr><th>latency legacy / candidate</th><td>${h(Math.round(r.latencyPrimaryMs))} ms / ${h(r.latencyCandidateMs === null ? '–' : `${Math.round(r.latencyCandidateMs)} ms`)}</td></tr>
${r.candidateError ? `<tr><th>candidate error</th><td><code>${h(r.candidateError)}</code></td></tr>` : ''}
</tbody></table>
<h2>Differences (${h(r.differences.length)})</h2>
${blocks.length === 0 ? '<p class="muted">No differences.</p>' : blocks.join('\n')}`;
  return dashboardPage(`Result ${r.id}`, body, session);
}
