import { defineError } from '../errors/index.js';

/** The candidate did not answer within the route's (or config.shadow's) timeout. */
export const SHD_ERR_TIMEOUT = defineError('SHD_ERR_TIMEOUT', 'shadow call to %s timed out after %s ms', 504);
/** The candidate (or the secondary legacy call) failed before giving an answer. */
export const SHD_ERR_CANDIDATE_FAILED = defineError('SHD_ERR_CANDIDATE_FAILED', 'shadow call to %s failed: %s', 502);
/** A body could not be decoded for comparison (corrupt gzip/br/deflate data). */
export const SHD_ERR_DECODE = defineError('SHD_ERR_DECODE', 'cannot decode %s body for comparison: %s', 500);
/** The primary answer never completed (client aborted, legacy failed): nothing to compare. */
export const SHD_ERR_PRIMARY_INCOMPLETE = defineError('SHD_ERR_PRIMARY_INCOMPLETE', 'primary answer incomplete: %s', 500);
/** A shadow route names no candidate: the runner was built without one for that route. */
export const SHD_ERR_NO_CANDIDATE = defineError('SHD_ERR_NO_CANDIDATE', 'route %s is in shadow mode but has no candidate', 500);
/** A comparison worker thread stopped (crash, out of memory) with jobs in hand: those results are lost, counted as failures. */
export const SHD_ERR_COMPARE_WORKER = defineError('SHD_ERR_COMPARE_WORKER', 'comparison worker stopped: %s', 500);
