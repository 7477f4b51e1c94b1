import { defineError } from '../errors/index.js';

/** The configuration has problems; `.issues` lists every one (key path, value, expected, fix). */
export const CFG_ERR_INVALID = defineError('CFG_ERR_INVALID', 'invalid configuration: %s', 500);
/** The config file (or a file it names) cannot be read. */
export const CFG_ERR_READ = defineError('CFG_ERR_READ', 'cannot read %s: %s', 500);
/** The config file is not valid YAML. */
export const CFG_ERR_YAML = defineError('CFG_ERR_YAML', 'config file %s is not valid YAML: %s', 500);
