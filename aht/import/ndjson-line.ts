import type { RawRequest } from './derive-event.js';

/** A line that could not be read: its number and why (the caller wraps it in AHT_ERR_BAD_EVENT_LINE). */
export interface LineProblem {
  problem: string;
}

/** Control characters: no request target or header holds one (and the SQL sessionisation uses them as separators). */
export const CONTROL = /[\u0000-\u001f\u007f]/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Read one NDJSON events line: `ts` (ISO 8601 with a zone), `operator_id`, `method`, `path`, `status`,
 * `latency_ms`, `served_by` (`legacy`|`new`); optional `case_id` and `route_id` override the derived ones.
 */
export function parseNdjsonLine(line: string): RawRequest | LineProblem {
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { problem: 'not a JSON object' };
    o = v as Record<string, unknown>;
  } catch {
    return { problem: 'not valid JSON' };
  }
  if (typeof o.ts !== 'string' || !ISO_8601.test(o.ts) || Number.isNaN(Date.parse(o.ts))) return { problem: '"ts" must be an ISO 8601 time with a zone, e.g. 2024-05-01T09:30:00Z' };
  if (typeof o.operator_id !== 'string' || o.operator_id === '') return { problem: '"operator_id" must be a non-empty string' };
  if (typeof o.method !== 'string' || !/^[A-Z]+$/.test(o.method)) return { problem: '"method" must be an upper-case HTTP method' };
  if (typeof o.path !== 'string' || !o.path.startsWith('/')) return { problem: '"path" must start with /' };
  // 1e300 is an integer to JavaScript and 1e400 parses to Infinity: neither fits a store column.
  if (!Number.isInteger(o.status) || (o.status as number) < 100 || (o.status as number) > 599) return { problem: '"status" must be an HTTP status, an integer 100–599' };
  if (typeof o.latency_ms !== 'number' || !Number.isFinite(o.latency_ms) || o.latency_ms < 0) return { problem: '"latency_ms" must be a finite number ≥ 0' };
  if (o.served_by !== 'legacy' && o.served_by !== 'new') return { problem: '"served_by" must be "legacy" or "new"' };
  for (const k of ['operator_id', 'path', 'case_id', 'route_id']) {
    if (typeof o[k] === 'string' && CONTROL.test(o[k] as string)) return { problem: `"${k}" holds a control character (no HTTP request carries one)` };
  }
  const opt = (k: string): string | null | undefined => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : undefined);
  return {
    ts: Date.parse(o.ts),
    operatorId: o.operator_id,
    method: o.method,
    path: o.path,
    status: o.status as number,
    latencyMs: o.latency_ms,
    servedBy: o.served_by,
    caseId: opt('case_id'),
    routeId: opt('route_id'),
  };
}
