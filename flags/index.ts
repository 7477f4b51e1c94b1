export { evaluateGate, checkGate, describeVerdict, gateStatus, isCandidateError, matchesAfterNoise, DEFAULT_GATE } from './gate.js';
export type { GateThresholds, GateVerdict, GateOptions, GateStatus } from './gate.js';
export { publishGate, resolveGate } from './gate-settings.js';
export type { ResolvedGate } from './gate-settings.js';
export { listFlags, flagHistory, setRouteFlag, panic, seedFlags } from './flag-service.js';
export type { SetFlagRequest, SetFlagOutcome, GateFailedError, SeedRoute, FlagDisagreement } from './flag-service.js';
export { watchFlags } from './flag-watcher.js';
export type { FlagWatcher, WatchFlagsOptions } from './flag-watcher.js';
export { flagsAdminRoutes } from './admin-routes.js';
export type { FlagsAdminDeps } from './admin-routes.js';
export {
  FLAG_ERR_BAD_MODE, FLAG_ERR_BAD_VALUE, FLAG_ERR_REASON_REQUIRED, FLAG_ERR_UNKNOWN_ROUTE, FLAG_ERR_GATE_FAILED, FLAG_ERR_NO_ACTOR, FLAG_ERR_CLI_TOKEN,
} from './errors.js';
