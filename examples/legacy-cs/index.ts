export { startLegacyCs } from './server.js';
export type { LegacyCsOptions, LegacyCsServer } from './server.js';
export { LEGACY_ERRORS, okEnvelope, ngEnvelope, formatJst, isoToJst, legacyPaging, replyBodyProblem, intParam } from './envelope.js';
export type { LegacyErrorDef } from './envelope.js';
export { WITHDRAWN_USER_NAME } from './queries.js';
