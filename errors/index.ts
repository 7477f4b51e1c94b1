export { CodedError, defineError, definedErrorCodes, hasCode } from './coded-error.js';
export { DEP_ERR_MISSING, importOptional } from './optional-dependency.js';
