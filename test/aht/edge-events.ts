import type { RequestEvent, ServedBy } from '../../model/request-event.js';
import type { AhtCaseConfig } from '../../config/strangler-config.js';

/** A second case type whose start and end shapes need exact matching (literal `_`, `%`, case). */
export const EDGE_CASES: AhtCaseConfig[] = [
  { name: 'item_review', start: 'GET /api/items/:itemId/review_%', end: ['POST /api/items/:itemId/decision', 'POST /api/items/:itemId/close'], param: 'itemId' },
];

let n = 0;
function ev(ts: number, op: string, caseId: string, method: string, path: string, servedBy: ServedBy = 'legacy'): RequestEvent {
  return {
    id: `edge-${(n++).toString().padStart(6, '0')}`,
    ts,
    operatorId: op,
    caseId,
    method,
    routeId: 'items',
    path,
    status: 200,
    latencyMs: 5,
    servedBy,
    arm: null,
    fallback: false,
    instance: 'test',
  };
}

/** Hand-made events that exercise the pattern and ordering edges (same for every call). */
export function edgeCaseEvents(): RequestEvent[] {
  n = 0;
  const t = 1_700_000_000_000;
  return [
    // Literal `_` and `%` must match only themselves; the case of the path matters.
    ev(t, 'e1', '9', 'GET', '/api/items/9/reviewX%'),
    ev(t + 1000, 'e1', '9', 'GET', '/api/items/9/REVIEW_%'),
    ev(t + 2000, 'e1', '9', 'GET', '/api/items/9/review_%'),
    ev(t + 3000, 'e1', '9', 'get', '/api/items/9/decision'),
    ev(t + 4000, 'e1', '9', 'POST', '/api/items/9/decision/'),
    ev(t + 5000, 'e1', '9', 'POST', '/api/items/9/decision', 'new'),
    // An end before any start, then two starts (the first counts), then an end; same-ts ties by id.
    ev(t, 'e2', '10', 'POST', '/api/items/10/close'),
    ev(t + 100, 'e2', '10', 'GET', '/api/items/10/review_%'),
    ev(t + 100, 'e2', '10', 'GET', '/api/items/10/history'),
    ev(t + 900, 'e2', '10', 'GET', '/api/items/10/review_%'),
    ev(t + 1500, 'e2', '10', 'POST', '/api/items/10/close'),
    ev(t + 1600, 'e2', '10', 'POST', '/api/items/10/close'),
    // The param must be non-empty.
    ev(t, 'e3', '', 'GET', '/api/items//review_%'),
    ev(t + 10, 'e3', '', 'POST', '/api/items//close'),
    // Idle gap inside a handling: 20 min gap is not active time.
    ev(t, 'e4', '11', 'GET', '/api/items/11/review_%'),
    ev(t + 60_000, 'e4', '11', 'GET', '/api/items/11/history'),
    ev(t + 1_260_000, 'e4', '11', 'POST', '/api/items/11/decision'),
  ];
}
