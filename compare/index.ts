/** compare/: pure comparison of a legacy answer with a candidate answer. No I/O. */
export { compareBodies } from './compare-bodies.js';
export { compareJson } from './json-diff.js';
export { parseJson, stringifyJson } from './json-text.js';
export { validateRules, parseRules, mergeRules } from './rules.js';
export type { CompareRules } from './rules.js';
export { generalizePath } from './path.js';
export { NoiseModel } from './noise.js';
export { redactDifferences, redactPath, scrubText } from './redact.js';
export type { RedactOptions } from './redact.js';
export { CMP_ERR_INVALID_RULES, CMP_ERR_UNREADABLE, CMP_ERR_USAGE } from './errors.js';
