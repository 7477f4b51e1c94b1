import type { AhtCaseConfig } from '../config/strangler-config.js';
import { parseRouteSpec, type RouteSpec } from '../routing/route-pattern.js';

/** Finds the case id of a request from the AHT case config; null when no case pattern matches. */
export type CaseMatcher = (method: string, segments: readonly string[]) => string | null;

/** Compile aht.cases once: every start and end pattern of every case, in config order. */
export function compileCaseMatcher(cases: readonly AhtCaseConfig[]): CaseMatcher {
  const specs: { spec: RouteSpec; param: string }[] = [];
  for (const c of cases) {
    for (const text of [c.start, ...c.end]) specs.push({ spec: parseRouteSpec(text), param: c.param });
  }
  if (specs.length === 0) return () => null;
  return (method, segments) => {
    for (const { spec, param } of specs) {
      if (spec.method !== method) continue;
      const params = spec.pattern.match(segments);
      if (params !== null && params[param] !== undefined) return params[param];
    }
    return null;
  };
}
