import { pointSeriesChart } from '../../reports/charts/point-series.js';
import { escapeHtml as h } from '../../reports/escape-html.js';
import { BASE, dashboardPage } from './layout.js';
import type { SeriesBucket } from './route-series.js';
import type { DashboardSession } from './sessions.js';

/** One route over time: requests per bucket and the match rate after noise per bucket, against the gate's minimum. */
export function seriesPage(routeId: string, buckets: readonly SeriesBucket[], since: string, bucket: string, minMatch: number, session: DashboardSession): string {
  const id = h(routeId);
  const picker = `<form method="get" action="${BASE}/routes/${encodeURIComponent(routeId)}/series" class="no-print">
<label for="since">Window</label> <input id="since" name="since" type="text" value="${h(since)}">
<label for="bucket">Bucket</label> <input id="bucket" name="bucket" type="text" value="${h(bucket)}"> <button type="submit">Show</button></form>`;
  const requests = buckets.reduce((n, b) => n + b.requests, 0);
  const samples = buckets.reduce((n, b) => n + b.samples, 0);
  const body = `<h1>Route ${id} over time</h1>
${picker}
<p>${requests} requests and ${samples} compared results in the last ${h(since)}, per ${h(bucket)} (UTC).
The match rate is the gate's (after noise; noise baselines and too-large bodies left out); a bucket without comparisons is empty.</p>
<h2>Traffic</h2>
${pointSeriesChart(`Requests per ${bucket}, ${routeId}`, buckets.map((b) => ({ start: b.start, value: b.requests })), { kind: 'count' })}
<h2>Match rate</h2>
${pointSeriesChart(`Match rate per ${bucket}, ${routeId}`, buckets.map((b) => ({ start: b.start, value: b.matchRate })), { kind: 'rate', threshold: minMatch })}
<p><a href="${BASE}/diffs?route=${encodeURIComponent(routeId)}">Diffs of ${id}</a> · <a href="${BASE}/routes/${encodeURIComponent(routeId)}/change">change its flag</a></p>`;
  return dashboardPage(`Route ${routeId} over time`, body, session);
}
