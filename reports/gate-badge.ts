import type { GateStatus } from '../flags/index.js';

const CLASS: Record<GateStatus, string> = { ready: 'ready', 'not ready': 'not-ready', 'in new': 'in-new' };

/** The gate status as an HTML badge: the diff report and the dashboard show it alike. */
export function gateBadge(status: GateStatus): string {
  return `<span class="badge ${CLASS[status]}">${status}</span>`;
}
