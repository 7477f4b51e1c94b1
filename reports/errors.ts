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
/** A report time (`--since`, `--until`, `--pre-since`, `--pre-until`) is neither a duration nor a date. */
export const RPT_ERR_BAD_TIME = defineError('RPT_ERR_BAD_TIME', '%s "%s" is neither a duration back from now (e.g. 7d) nor a date (e.g. 2026-11-01 or 2026-11-01T08:00:00Z)', 400);
/** A report window or pre-period is empty or out of order, or an AHT option is out of range. */
export const RPT_ERR_BAD_PERIOD = defineError('RPT_ERR_BAD_PERIOD', 'invalid report period or option: %s', 400);
