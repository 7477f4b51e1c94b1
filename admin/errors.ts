import { defineError } from '../errors/index.js';

// The codes keep their PRX_ prefix: they are documented and clients match them.
/** Admin call without a valid bearer token. */
export const PRX_ERR_UNAUTHORIZED = defineError('PRX_ERR_UNAUTHORIZED', 'a valid Authorization: Bearer token is required', 401);
/** Mutating admin call while no admin token is configured. */
export const PRX_ERR_ADMIN_DISABLED = defineError(
  'PRX_ERR_ADMIN_DISABLED',
  'no admin token is configured (STRANGLER_ADMIN_TOKEN or admin.tokenFile): changes are refused',
  403,
);
/** No admin token is configured and the call cannot be let through anonymously (admin host beyond loopback, or a foreign Host header). */
export const PRX_ERR_ADMIN_TOKEN_REQUIRED = defineError(
  'PRX_ERR_ADMIN_TOKEN_REQUIRED',
  'no admin token is configured and the admin port (%s) may be reached from beyond this machine: set STRANGLER_ADMIN_TOKEN or admin.tokenFile',
  401,
);
