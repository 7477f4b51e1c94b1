export { defineAdapter, isAdapter } from './define-adapter.js';
export type { Adapter, AdapterDefinition, EffectsDefinition, GraphqlErrorItem, GraphqlResult, LegacyResponse, Variables } from './define-adapter.js';
export { createAdapterRequest } from './adapter-request.js';
export type { AdapterRequest, AdapterRequestInit } from './adapter-request.js';
export { createGraphqlClient } from './graphql-client.js';
export type { GraphqlClient, GraphqlClientOptions, GraphqlOperation, GraphqlCallOptions } from './graphql-client.js';
export { loadCandidateSchema } from './candidate-schema.js';
export type { CandidateSchemaSource } from './candidate-schema.js';
export { validateAdapters, checkAdapters } from './validate-adapters.js';
export type { AdapterIssue, AdapterCheck, InvalidDocumentError } from './validate-adapters.js';
export { loadAdapters, loadAdapterModules, indexAdapters, requireAdapter } from './load-adapters.js';
export { runAdapter, isIdempotent, serializeResponse, failureResponse } from './run-adapter.js';
export type { AdapterOutcome, AdapterSuccess, AdapterFailure, RunAdapterOptions } from './run-adapter.js';
export { createCircuitBreaker } from './circuit-breaker.js';
export type { CircuitBreaker, CircuitBreakerOptions, BreakerState } from './circuit-breaker.js';
export {
  ADP_ERR_INVALID_DEFINITION, ADP_ERR_INVALID_DOCUMENT, ADP_ERR_SCHEMA_LOAD, ADP_ERR_LOAD, ADP_ERR_DUPLICATE,
  ADP_ERR_UNKNOWN_ADAPTER, ADP_ERR_CONNECT, ADP_ERR_TIMEOUT, ADP_ERR_HTTP_5XX, ADP_ERR_INVALID_RESPONSE,
  ADP_ERR_GRAPHQL_FATAL, ADP_ERR_ADAPTER_FAILED, ADP_ERR_BODY, ADP_ERR_NO_DRY_RUN, ADP_ERR_CIRCUIT_OPEN,
} from './errors.js';
