/** compare/: pure comparison of a legacy answer with a candidate answer. No I/O. */
export { compareBodies, bodyKind } from './compare-bodies.js';
export type { BodyKind, Comparison, CompareBodiesInput } from './compare-bodies.js';
export { compareJson, MAX_DEPTH } from './json-diff.js';
export { compareHeaders, DEFAULT_COMPARED_HEADERS } from './headers.js';
export type { HeaderMap, HeaderValue } from './headers.js';
export { mergeAccepted } from './accepted-by-rule.js';
export type { AcceptedByRule } from './accepted-by-rule.js';
export type { AcceptingRule } from './compiled-rules.js';
export { formatSignature, sameShape, differenceShape, answerShape } from './shape.js';
export { detectAlignKey } from './align.js';
export type { JsonComparison, CompareOptions } from './json-diff.js';
export { compareText, normalizeText, bodyHash } from './text-diff.js';
export { parseJson, parseJsonExact, parseJsonFast, stringifyJson, assertDepth, ExactNumber } from './json-text.js';
export { DEFAULT_TIMEZONE, validateRules, parseRules, mergeRules } from './rules.js';
export type { CompareRules, RuleIssue } from './rules.js';

export { formatPath, parsePath, parsePathPattern, generalizePath } from './path.js';
export type { PathStep } from './path.js';
export { parseTimestamp, isValidTimeZone } from './timestamp.js';
export { NoiseModel, DEFAULT_NOISE_THRESHOLDS, NOISE_DOMINATED_COVERAGE } from './noise.js';
export type { NoiseCoverage, NoiseThresholds, PathNoiseStats, RuleSuggestion } from './noise.js';
export {
  createRedactor, maskForDisplay, maskPathForDisplay, redactCaseId, redactDifferences, redactPath, redactQueryKey, redactQueryValue, redactSegment, redactValue,
} from './redact.js';
export type { BoundRedactor } from './redact.js';
export { DEFAULT_REDACT_ALLOW, DEFAULT_REDACT_KEYS, isSafeIdentifier, isSafeSegment } from './redact-policy.js';
export type { RedactOptions } from './redact-policy.js';
export { detectPii, holdsPii, isCard } from './redact-detectors.js';
export type { PiiKind } from './redact-detectors.js';
export { hashToken, isRedactedToken, keyedHash, REDACTED_PREFIX } from './redact-hash.js';
export { shapeOf } from './redact-shape.js';
export { CMP_ERR_INVALID_JSON, CMP_ERR_INVALID_RULES, CMP_ERR_INVALID_PATH, CMP_ERR_UNREADABLE, CMP_ERR_USAGE, CMP_ERR_TOO_DEEP } from './errors.js';
