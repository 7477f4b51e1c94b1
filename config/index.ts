export { loadConfig, validateInput, mergeDeep, configSchema } from './load-config.js';
export type { LoadConfigOptions } from './load-config.js';
export { checkConfigRules } from './config-rules.js';
export { formatIssues } from './config-issue.js';
export type { ConfigIssue } from './config-issue.js';
export { DEFAULT_REDACT_KEYS } from './defaults.js';
export { CFG_ERR_INVALID, CFG_ERR_READ, CFG_ERR_YAML } from './errors.js';
export type { StranglerConfig, RouteConfig, AhtCaseConfig, LogLevel } from './strangler-config.js';
