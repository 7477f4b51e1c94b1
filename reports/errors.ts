import { defineError } from '../errors/index.js';

/** `--format` names no format this report has. */
export const RPT_ERR_BAD_FORMAT = defineError('RPT_ERR_BAD_FORMAT', 'unknown report format "%s": expected %s', 400);
/** The dashboard login token matches no admin token. */
export const RPT_ERR_LOGIN = defineError('RPT_ERR_LOGIN', 'the admin token was not accepted', 401);
/** A dashboard page was asked for without a live session. */
export const RPT_ERR_NO_SESSION = defineError('RPT_ERR_NO_SESSION', 'log in to the dashboard first', 401);
/** A dashboard mutation came without the session's CSRF token. */
export const RPT_ERR_CSRF = defineError('RPT_ERR_CSRF', 'the form token is missing or stale: reload the page and try again', 403);
/** A dashboard mutation came from another site (Origin or Sec-Fetch-Site). */
export const RPT_ERR_CROSS_SITE = defineError('RPT_ERR_CROSS_SITE', 'cross-site request refused (origin %s)', 403);
/** A forced flag change came without a reason. */
export const RPT_ERR_FORCE_REASON = defineError('RPT_ERR_FORCE_REASON', 'forcing past the gate needs a reason', 400);
/** A flag change form is incomplete or out of range. */
export const RPT_ERR_BAD_CHANGE = defineError('RPT_ERR_BAD_CHANGE', 'invalid flag change: %s', 400);
/** A dashboard page names a route or result that does not exist. */
export const RPT_ERR_NOT_FOUND = defineError('RPT_ERR_NOT_FOUND', '%s not found', 404);
