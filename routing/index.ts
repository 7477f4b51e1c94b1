export { compilePattern, parseRouteSpec, patternsOverlap } from './route-pattern.js';
export type { CompiledPattern, RouteSpec } from './route-pattern.js';
export { normalizePath, normalizeSegment, canonicalPath, decodeParam, targetPath, separatorReading } from './normalize-path.js';
export { PRX_ERR_BAD_PATTERN } from './errors.js';
