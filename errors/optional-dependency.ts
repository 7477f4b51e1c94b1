import { defineError } from './coded-error.js';

/** An optional dependency (installed by default, left out by `--omit=optional`) is missing. */
export const DEP_ERR_MISSING = defineError(
  'DEP_ERR_MISSING',
  'the optional package %s is not installed, and %s needs it: run `npm install %s`',
  500,
);

/**
 * Import a module that needs optional packages (the demo's sample GraphQL service, the BigQuery
 * export); when one of `packages` is missing, throw DEP_ERR_MISSING naming what to install. Any other
 * failure is rethrown as it is.
 */
export async function importOptional<T>(load: () => Promise<T>, packages: readonly string[], neededBy: string): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const text = typeof e.message === 'string' ? e.message : '';
    const missing = e.code === 'ERR_MODULE_NOT_FOUND' ? packages.find((p) => text.includes(`'${p}'`)) : undefined;
    if (missing === undefined) throw err;
    throw new DEP_ERR_MISSING(missing, neededBy, packages.join(' '), err);
  }
}
