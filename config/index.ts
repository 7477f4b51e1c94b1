export { loadConfig, validateInput } from './load-config.js';
export { formatIssues } from './config-issue.js';
export type { ConfigIssue } from './config-issue.js';
export type { StranglerConfig } from './strangler-config.js';
