/**
 * strangler-fig: the package's public face. Only what this file exports is public (docs/adapters.md,
 * docs/config.md); importing it loads no server, driver or store until `startStrangler` is called.
 */
export { defineAdapter } from './legacy-adapters/define-adapter.js';
export type {
  Adapter, AdapterDefinition, EffectsDefinition, GraphqlErrorItem, GraphqlResult, LegacyResponse, Variables,
} from './legacy-adapters/define-adapter.js';
export type { AdapterRequest } from './legacy-adapters/adapter-request.js';
export { defineConfig } from './config/define-config.js';
export type {
  StranglerConfigInput, LegacyInput, OperatorInput, RouteInput, CompareRulesInput, AhtCaseInput, Duration,
} from './config/strangler-config-input.js';
export { startStrangler } from './runtime/public-start.js';
export type { Strangler, StartOptions } from './runtime/public-start.js';
export { compareJson, parseJson } from './compare/index.js';
export type { CompareRules, JsonComparison, CompareOptions } from './compare/index.js';
export type { Difference, DifferenceKind } from './model/index.js';
export { CodedError } from './errors/index.js';
