import { hash } from 'node:crypto';
import type { RequestEvent, ServedBy } from '../../model/request-event.js';
import type { RouteConfig } from '../../config/strangler-config.js';
import { compilePathPattern, type CasePattern } from '../case-pattern.js';
import type { AhtReportConfig } from '../build-report.js';
import { compileCases } from '../sessionize.js';
import { normalizePath } from '../../routing/normalize-path.js';

/** One request as read from a log line, before route and case are derived. */
export interface RawRequest {
  ts: number;
  operatorId: string;
  method: string;
  /** Path with or without a query string (it is stripped). */
  path: string;
  status: number;
  latencyMs: number;
  servedBy: ServedBy;
  /** Given by the line itself (NDJSON `case_id` / `route_id`), else derived. */
  caseId?: string | null;
  routeId?: string | null;
}

/** Turns raw requests into request events, deriving route and case id from the config like the proxy does. */
export type EventDeriver = (raw: RawRequest, line: string) => RequestEvent;

/**
 * Compile the config once: the route is the first route whose methods and pattern match; the case id is
 * the `param` of an AHT case's start or end pattern, else the route's parameter of that name. The event
 * id is the time and a hash of the line (`eventIdOf`), so importing the same file twice adds nothing.
 */
export function createEventDeriver(config: AhtReportConfig, instance: string): EventDeriver {
  const routes = config.routes.map((r: RouteConfig) => ({ id: r.id, methods: r.methods, pattern: compilePathPattern(null, r.path, r.id) }));
  const cases = compileCases(config.aht.cases);
  const casePatterns: { pattern: CasePattern; param: string }[] = cases.flatMap((c) => [c.start, ...c.end].map((pattern) => ({ pattern, param: c.param })));
  const params = new Set(cases.map((c) => c.param));
  return (raw, line) => {
    const q = raw.path.indexOf('?');
    const path = q === -1 ? raw.path : raw.path.slice(0, q);
    // One normalisation per line for every route and case pattern (the proxy's rules).
    const segments = normalizePath(path);
    let routeId = raw.routeId ?? null;
    let routeParams: Record<string, string> | null = null;
    for (const r of routes) {
      if (r.methods.length > 0 && !r.methods.includes(raw.method)) continue;
      const m = r.pattern.matchSegments(raw.method, segments);
      if (m !== null) {
        routeId ??= r.id;
        routeParams = m;
        break;
      }
    }
    let caseId = raw.caseId ?? null;
    if (caseId === null) {
      for (const c of casePatterns) {
        const m = c.pattern.matchSegments(raw.method, segments);
        if (m !== null && m[c.param] !== undefined) {
          caseId = m[c.param];
          break;
        }
      }
    }
    if (caseId === null && routeParams !== null) {
      for (const p of params) if (routeParams[p] !== undefined) caseId = routeParams[p];
    }
    return {
      id: eventIdOf(raw.ts, line),
      ts: raw.ts,
      operatorId: raw.operatorId,
      caseId,
      method: raw.method,
      routeId,
      path,
      status: raw.status,
      latencyMs: raw.latencyMs,
      servedBy: raw.servedBy,
      arm: null,
      fallback: false,
      instance,
    };
  };
}

/**
 * The id of an imported line: its time (12 hex digits) and 80 bits of its SHA-256. Time first keeps a
 * large import's inserts at the end of the unique index on `id` instead of at random places in it
 * (BENCHMARKS.md, "AHT report at 1,000,000 events"); the hash makes a re-imported line the same row.
 */
export function eventIdOf(ts: number, line: string): string {
  // One-shot hash(): about 5× faster per line than createHash(), the same digest.
  return Math.max(0, ts).toString(16).padStart(12, '0') + hash('sha256', line, 'hex').slice(0, 20);
}
