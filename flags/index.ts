export {
  evaluateGate, checkGate, describeVerdict, gateStatus, isCandidateError, matchesAfterNoise, DEFAULT_GATE,
} from './gate.js';
export type { GateThresholds, GateVerdict, GateOptions, GateStatus } from './gate.js';
export { publishGate, resolveGate } from './gate-settings.js';
export { listFlags, flagHistory, setRouteFlag, panic, seedFlags } from './flag-service.js';
export type { GateFailedError } from './flag-service.js';
export { watchFlags } from './flag-watcher.js';
export type { FlagWatcher } from './flag-watcher.js';
export { FLAG_ERR_UNKNOWN_ROUTE, FLAG_ERR_CLI_TOKEN } from './errors.js';
