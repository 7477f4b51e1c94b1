export { CodedError, defineError, definedErrorCodes, hasCode } from './coded-error.js';
export type { CodedErrorFactory } from './coded-error.js';
