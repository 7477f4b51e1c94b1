export { defineAdapter, isAdapter } from './define-adapter.js';
export type { Adapter, AdapterDefinition, GraphqlErrorItem, LegacyResponse } from './define-adapter.js';
export { createAdapterRequest } from './adapter-request.js';
export type { AdapterRequest } from './adapter-request.js';
export { createGraphqlClient } from './graphql-client.js';
export type { GraphqlClient, GraphqlClientOptions } from './graphql-client.js';
export { loadCandidateSchema } from './candidate-schema.js';
export { validateAdapters, checkAdapters } from './validate-adapters.js';
export type { AdapterIssue, InvalidDocumentError } from './validate-adapters.js';
export { loadAdapters, loadAdapterModules, indexAdapters, requireAdapter } from './load-adapters.js';
export { runAdapter, failureResponse } from './run-adapter.js';
export type { AdapterOutcome, AdapterFailure } from './run-adapter.js';
export { createCircuitBreaker } from './circuit-breaker.js';
export type { CircuitBreaker, CircuitBreakerOptions } from './circuit-breaker.js';
export {
  ADP_ERR_CONNECT, ADP_ERR_TIMEOUT, ADP_ERR_HTTP_5XX, ADP_ERR_INVALID_RESPONSE, ADP_ERR_GRAPHQL_FATAL, ADP_ERR_ADAPTER_FAILED, ADP_ERR_BODY, ADP_ERR_CIRCUIT_OPEN,
} from './errors.js';
export { deadline, ResponseTooLarge, sizeCap } from './outbound/index.js';
export type { DeadlineOptions, OnDeadline, SizeCapOptions } from './outbound/index.js';
