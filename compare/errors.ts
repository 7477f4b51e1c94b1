import { defineError } from '../errors/coded-error.js';

/** A body or file that should be JSON does not parse. */
export const CMP_ERR_INVALID_JSON = defineError('CMP_ERR_INVALID_JSON', 'invalid JSON in %s: %s', 400);
/** A comparison rules object has issues (each issue names the key, the value and the fix). */
export const CMP_ERR_INVALID_RULES = defineError('CMP_ERR_INVALID_RULES', 'invalid compare rules: %s', 400);
/** A path pattern (ignore, unordered, sortBy, redact paths) does not parse. */
export const CMP_ERR_INVALID_PATH = defineError('CMP_ERR_INVALID_PATH', 'invalid path pattern %s: %s', 400);
/** An input file for `strangler compare` cannot be read. */
export const CMP_ERR_UNREADABLE = defineError('CMP_ERR_UNREADABLE', 'cannot read %s: %s', 400);
/** `strangler compare` was called with missing or unknown arguments. */
export const CMP_ERR_USAGE = defineError('CMP_ERR_USAGE', 'usage: %s', 400);
/** A JSON answer nests deeper than the comparison follows (`MAX_DEPTH`); compared by hash in shadow, exit 2 in the CLI. */
export const CMP_ERR_TOO_DEEP = defineError('CMP_ERR_TOO_DEEP', 'JSON nests deeper than %s levels; not compared', 400);
