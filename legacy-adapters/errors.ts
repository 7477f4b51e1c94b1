import { defineError } from '../errors/index.js';

/** An adapter definition is malformed (bad route, missing function). */
export const ADP_ERR_INVALID_DEFINITION = defineError('ADP_ERR_INVALID_DEFINITION', 'adapter %s: %s', 500);
/** An adapter's GraphQL document does not validate against the candidate schema. */
export const ADP_ERR_INVALID_DOCUMENT = defineError('ADP_ERR_INVALID_DOCUMENT', 'adapter %s: invalid GraphQL document (%s): %s', 500);
/** The candidate schema could not be loaded (introspection or SDL file). */
export const ADP_ERR_SCHEMA_LOAD = defineError('ADP_ERR_SCHEMA_LOAD', 'cannot load the candidate schema from %s: %s', 500);
/** An adapters module could not be imported. */
export const ADP_ERR_LOAD = defineError('ADP_ERR_LOAD', 'cannot load adapters from %s: %s', 500);
/** Two adapters share one name. */
export const ADP_ERR_DUPLICATE = defineError('ADP_ERR_DUPLICATE', 'adapter name %s is defined twice (%s)', 500);
/** A route names an adapter that no module defines. */
export const ADP_ERR_UNKNOWN_ADAPTER = defineError('ADP_ERR_UNKNOWN_ADAPTER', 'route %s names adapter %s, which is not defined', 500);
/** The candidate could not be reached or dropped the connection. */
export const ADP_ERR_CONNECT = defineError('ADP_ERR_CONNECT', 'cannot reach the candidate at %s: %s', 502);
/** The candidate did not answer within the call's timeout. */
export const ADP_ERR_TIMEOUT = defineError('ADP_ERR_TIMEOUT', 'the candidate did not answer within %s ms', 504);
/** The candidate answered with an HTTP 5xx status. */
export const ADP_ERR_HTTP_5XX = defineError('ADP_ERR_HTTP_5XX', 'the candidate answered HTTP %s', 502);
/** The candidate's answer is not a GraphQL JSON response (an HTML error page, cut-off JSON, too large). */
export const ADP_ERR_INVALID_RESPONSE = defineError('ADP_ERR_INVALID_RESPONSE', 'the candidate answered something that is not a GraphQL response: %s', 502);
/** The candidate returned GraphQL errors the adapter treats as fatal (by default: errors and no data). */
export const ADP_ERR_GRAPHQL_FATAL = defineError('ADP_ERR_GRAPHQL_FATAL', 'the candidate returned fatal GraphQL errors: %s', 502);
/** The adapter's own code (`variables`, `toLegacy`, `mapErrors`) threw. */
export const ADP_ERR_ADAPTER_FAILED = defineError('ADP_ERR_ADAPTER_FAILED', 'adapter %s failed in %s', 500);
/** The request body is neither JSON nor a form, but the adapter read it. */
export const ADP_ERR_BODY = defineError('ADP_ERR_BODY', 'the request body cannot be parsed as JSON or a form: %s', 400);
/** A dry run was asked of an adapter that declares no dry-run form. */
export const ADP_ERR_NO_DRY_RUN = defineError('ADP_ERR_NO_DRY_RUN', 'adapter %s has no dry-run form', 500);
/** The route's circuit breaker is open: the candidate is not called until the probe time. */
export const ADP_ERR_CIRCUIT_OPEN = defineError('ADP_ERR_CIRCUIT_OPEN', 'circuit open for adapter %s', 503);
