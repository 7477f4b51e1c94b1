import { defineError } from '../errors/index.js';

/** A route pattern that cannot be compiled. */
export const PRX_ERR_BAD_PATTERN = defineError('PRX_ERR_BAD_PATTERN', 'bad route pattern "%s": %s', 500);
