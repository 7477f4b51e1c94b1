import type { AhtReport } from '../../aht/aht-report.js';
import { escapeHtml as h } from '../../reports/escape-html.js';
import { ahtReportBody } from '../../reports/render-aht.js';
import { BASE, dashboardPage } from './layout.js';
import type { DashboardSession } from './sessions.js';

/** The AHT view: the report's body with its charts, and a window picker. */
export function ahtPage(report: AhtReport, since: string, session: DashboardSession): string {
  const picker = `<form method="get" action="${BASE}/aht" class="no-print"><label for="since">Window</label>
<input id="since" name="since" type="text" value="${h(since)}"> <button type="submit">Show</button></form>`;
  return dashboardPage('AHT', `${picker}\n${ahtReportBody(report)}`, session);
}
