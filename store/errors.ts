import { defineError } from '../errors/index.js';

/** The store URL is neither `sqlite:PATH` nor `mysql://…`. */
export const STORE_ERR_BAD_URL = defineError('STORE_ERR_BAD_URL', 'unsupported store URL "%s": expected sqlite:PATH or mysql://user:pass@host:port/db', 400);
/** A migration failed; the database is left at the last version that succeeded. */
export const STORE_ERR_MIGRATION = defineError('STORE_ERR_MIGRATION', 'migration %s (%s) failed: %s', 500);
/** A duration text such as `30d` could not be read. */
export const STORE_ERR_BAD_DURATION = defineError('STORE_ERR_BAD_DURATION', 'invalid duration "%s": expected a number and a unit (ms, s, m, h, d, w), e.g. 30d', 400);
/** A flush could not write everything that was buffered (the database is down or slow). */
export const STORE_ERR_FLUSH_FAILED = defineError('STORE_ERR_FLUSH_FAILED', 'could not flush %s buffered rows: %s', 503);
/** The BigQuery export failed (API error, network, permissions). */
export const STORE_ERR_EXPORT_FAILED = defineError('STORE_ERR_EXPORT_FAILED', 'export to %s failed: %s', 502);
/** The database could not be reached when the store was opened (refused, timed out, access denied). */
export const STORE_ERR_UNAVAILABLE = defineError('STORE_ERR_UNAVAILABLE', 'cannot open the store at %s: %s', 503);
/** A batch insert or a flag poll got no answer in time; its connection is dropped and the caller retries. */
export const STORE_ERR_TIMEOUT = defineError('STORE_ERR_TIMEOUT', 'the database did not answer %s within %s ms; the connection was dropped and it will be retried', 503);
/** `--pseudonymise-operators` needs the redaction key, and none is set or kept in the store. */
export const STORE_ERR_NO_REDACT_KEY = defineError('STORE_ERR_NO_REDACT_KEY', 'no redaction key to pseudonymise operators with: %s', 400);
/** A read-only command (report, gate, flags list|history) found no SQLite file: it never creates one. */
export const STORE_ERR_NO_DATABASE = defineError(
  'STORE_ERR_NO_DATABASE',
  'no store at %s: read-only commands never create one. Point --db or STRANGLER_DB at the store that holds your data, or create it with `strangler migrate --db %s` (or `strangler events import FILE --db %s`)',
  400,
);
