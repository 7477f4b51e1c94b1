import { createHash } from 'node:crypto';
import type { RequestEvent, ServedBy } from '../../model/request-event.js';
import type { RouteConfig } from '../../config/strangler-config.js';
import { compilePathPattern, type CasePattern } from '../case-pattern.js';
import type { AhtReportConfig } from '../build-report.js';
import { compileCases } from '../sessionize.js';

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
 * id is a hash of the line, so importing the same file twice adds nothing.
 */
export function createEventDeriver(config: AhtReportConfig, instance: string): EventDeriver {
  const routes = config.routes.map((r: RouteConfig) => ({ id: r.id, methods: r.methods, pattern: compilePathPattern(null, r.path, r.id) }));
  const cases = compileCases(config.aht.cases);
  const casePatterns: { pattern: CasePattern; param: string }[] = cases.flatMap((c) => [c.start, ...c.end].map((pattern) => ({ pattern, param: c.param })));
  const params = new Set(cases.map((c) => c.param));
  return (raw, line) => {
    const q = raw.path.indexOf('?');
    const path = q === -1 ? raw.path : raw.path.slice(0, q);
    let routeId = raw.routeId ?? null;
    let routeParams: Record<string, string> | null = null;
    for (const r of routes) {
      if (r.methods.length > 0 && !r.methods.includes(raw.method)) continue;
      const m = r.pattern.match(raw.method, path);
      if (m !== null) {
        routeId ??= r.id;
        routeParams = m;
        break;
      }
    }
    let caseId = raw.caseId ?? null;
    if (caseId === null) {
      for (const c of casePatterns) {
        const m = c.pattern.match(raw.method, path);
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
      id: createHash('sha256').update(line).digest('hex').slice(0, 32),
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
