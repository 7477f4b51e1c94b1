export { CodedError, defineError, definedErrorCodes, hasCode } from './coded-error.js';
