/** compare/: pure comparison of a legacy answer with a candidate answer. No I/O. */
export { compareBodies } from './compare-bodies.js';
export { compareJson, MAX_DEPTH } from './json-diff.js';
export type { JsonComparison, CompareOptions } from './json-diff.js';
export { compareHeaders, DEFAULT_COMPARED_HEADERS } from './headers.js';
export type { AcceptedByRule } from './accepted-by-rule.js';
export { detectAlignKey } from './align.js';
export { parseJson, stringifyJson, assertDepth } from './json-text.js';
export { validateRules, parseRules, mergeRules } from './rules.js';
export type { CompareRules } from './rules.js';

export { generalizePath } from './path.js';
export { NoiseModel } from './noise.js';
export {
  maskForDisplay, maskPathForDisplay, redactCaseId, redactDifferences, redactPath, redactQueryValue,
} from './redact.js';
export { DEFAULT_REDACT_ALLOW } from './redact-policy.js';
export type { RedactOptions } from './redact-policy.js';
export { hashToken } from './redact-hash.js';
export { CMP_ERR_INVALID_RULES, CMP_ERR_UNREADABLE, CMP_ERR_USAGE } from './errors.js';
