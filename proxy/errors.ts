import { defineError } from '../errors/index.js';

/** A route starts in a mode whose handler is not registered (e.g. shadow before shadow/ is wired in). */
export const PRX_ERR_MODE_UNAVAILABLE = defineError(
  'PRX_ERR_MODE_UNAVAILABLE',
  'route "%s" is in mode "%s", which is not available in this build: register its handler or set the route to legacy',
  500,
);
/** A flag names a route the table does not know. */
export const PRX_ERR_UNKNOWN_ROUTE = defineError('PRX_ERR_UNKNOWN_ROUTE', 'no route with id "%s"', 404);
/** Legacy could not be reached or failed before answering. */
export const PRX_ERR_UPSTREAM = defineError('PRX_ERR_UPSTREAM', 'the legacy application could not be reached', 502);
/** Legacy did not answer in time. */
export const PRX_ERR_UPSTREAM_TIMEOUT = defineError('PRX_ERR_UPSTREAM_TIMEOUT', 'the legacy application did not answer in time', 504);
/** Request body larger than server.maxBodyBytes. */
export const PRX_ERR_BODY_TOO_LARGE = defineError('PRX_ERR_BODY_TOO_LARGE', 'request body larger than %s bytes', 413);
/** Request head larger than server.maxHeaderBytes. */
export const PRX_ERR_HEADER_TOO_LARGE = defineError('PRX_ERR_HEADER_TOO_LARGE', 'request header fields too large', 431);
/** A request the HTTP parser rejects. */
export const PRX_ERR_BAD_REQUEST = defineError('PRX_ERR_BAD_REQUEST', 'malformed HTTP request', 400);
/** A path with an encoded separator (`%2F`, `%5C`) reaches another route when the separator is decoded. */
export const PRX_ERR_AMBIGUOUS_PATH = defineError(
  'PRX_ERR_AMBIGUOUS_PATH',
  'the path reaches a different route when its encoded "/" or "\\" is read as a separator; send it unencoded',
  400,
);
/** A mode handler threw before answering. */
export const PRX_ERR_HANDLER = defineError('PRX_ERR_HANDLER', 'the "%s" handler failed', 500);
/** A port cannot be bound (in use, no permission, bad address). */
export const PRX_ERR_LISTEN = defineError('PRX_ERR_LISTEN', 'cannot listen on %s:%s: %s', 500);
