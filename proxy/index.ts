export { startProxy } from './start-proxy.js';
export { startClusterPrimary, shareWorkerMetrics } from './cluster.js';
export type { RunningCluster } from './cluster.js';
export { legacyReachable } from './passthrough.js';
export type { ProxyDeps, RunningProxy } from './start-proxy.js';
export { RouteTable, LEGACY_FLAG } from './route-table.js';
export type { CompiledRoute, LiveFlag, RouteMatch, ApplyFlagsResult } from './route-table.js';
export { compilePattern, parseRouteSpec, patternsOverlap } from './route-pattern.js';
export type { CompiledPattern, PatternSegment, RouteSpec } from './route-pattern.js';
export { normalizePath, normalizeSegment, canonicalPath, decodeParam } from './normalize-path.js';
export { RequestContext } from './request-context.js';
export type { Outcome, PassthroughOptions } from './request-context.js';
export { legacyHandler } from './mode-handlers.js';
export type { ModeHandler, ModeHandlers } from './mode-handlers.js';
export type { EventSink } from './event-sink.js';
export { nullEventSink } from './event-sink.js';
export { createProxyMetrics } from './metrics.js';
export type { ProxyMetrics } from './metrics.js';
export { createOperatorIdentity, readCookie } from './operator-identity.js';
export type { OperatorIdentity } from './operator-identity.js';
export { compileCaseMatcher } from './case-matcher.js';
export type { CaseMatcher } from './case-matcher.js';
export { createRequireAdmin } from './admin-auth.js';
export type { RequireAdmin } from './admin-auth.js';
export { createAdminServer } from './admin-server.js';
export type { AdminPlugin, AdminPluginOptions } from './admin-server.js';
export { sendCodedError } from './error-response.js';
export {
  PRX_ERR_ADMIN_DISABLED, PRX_ERR_BAD_PATTERN, PRX_ERR_BAD_REQUEST, PRX_ERR_BODY_TOO_LARGE, PRX_ERR_HANDLER, PRX_ERR_HEADER_TOO_LARGE,
  PRX_ERR_MODE_UNAVAILABLE, PRX_ERR_UNAUTHORIZED, PRX_ERR_UNKNOWN_ROUTE, PRX_ERR_UPSTREAM, PRX_ERR_UPSTREAM_TIMEOUT,
} from './errors.js';
