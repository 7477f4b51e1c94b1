import { defineError } from '../errors/index.js';

/** The mode is not one of legacy, shadow, canary, new. */
export const FLAG_ERR_BAD_MODE = defineError('FLAG_ERR_BAD_MODE', 'invalid mode "%s" for route %s: expected legacy, shadow, canary or new', 400);
/** percent or sample is out of range. */
export const FLAG_ERR_BAD_VALUE = defineError('FLAG_ERR_BAD_VALUE', 'invalid %s %s for route %s: expected %s', 400);
/** A flag change came without a reason; every change is audited with one. */
export const FLAG_ERR_REASON_REQUIRED = defineError('FLAG_ERR_REASON_REQUIRED', 'a reason is required to change route %s (it is kept in the audit trail)', 400);
/** No flag exists for the route: it is not in the config's route table (or the proxy never started with it). */
export const FLAG_ERR_UNKNOWN_ROUTE = defineError('FLAG_ERR_UNKNOWN_ROUTE', 'unknown route %s: add it to the config routes and start the proxy once (it seeds the flags)', 404);
/** The shadow results do not pass the gate for canary/new; pass force with a reason to override. */
export const FLAG_ERR_GATE_FAILED = defineError('FLAG_ERR_GATE_FAILED', 'route %s is not ready for %s: %s (use --force with a reason to override)', 409);
/** An admin request reached the flag routes without an authenticated actor. */
export const FLAG_ERR_NO_ACTOR = defineError('FLAG_ERR_NO_ACTOR', 'no authenticated admin actor on this request', 401);
/** The CLI was given an admin token that cannot be checked or matches no configured token. */
export const FLAG_ERR_CLI_TOKEN = defineError('FLAG_ERR_CLI_TOKEN', 'the admin token given to the CLI %s', 401);
