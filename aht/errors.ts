import { defineError } from '../errors/index.js';

/** An `aht.cases[]` start or end is not `"METHOD /pattern"`. */
export const AHT_ERR_BAD_CASE_PATTERN = defineError(
  'AHT_ERR_BAD_CASE_PATTERN',
  'aht case "%s": "%s" is not "METHOD /pattern" (e.g. "GET /api/inquiries/:id")',
  400,
);
/** A case's `param` is not a `:name` segment of its start pattern. */
export const AHT_ERR_BAD_CASE_PARAM = defineError(
  'AHT_ERR_BAD_CASE_PARAM',
  'aht case "%s": param "%s" is not a :segment of its start pattern "%s"',
  400,
);
/** One line of an NDJSON events file could not be imported; the other lines are. */
export const AHT_ERR_BAD_EVENT_LINE = defineError('AHT_ERR_BAD_EVENT_LINE', 'line %s: %s', 400);
/** One line of an access log is not combined log format with an operator field; the other lines are imported. */
export const AHT_ERR_BAD_ACCESS_LOG_LINE = defineError(
  'AHT_ERR_BAD_ACCESS_LOG_LINE',
  'line %s: not a combined-log-format line with a trailing "op=OPERATOR" field: %s',
  400,
);
/** `--format` names no known importer. */
export const AHT_ERR_UNKNOWN_FORMAT = defineError(
  'AHT_ERR_UNKNOWN_FORMAT',
  'unknown import format "%s": expected ndjson or access-log',
  400,
);
/** MySQL cut a GROUP_CONCAT of a case's requests at `group_concat_max_len` (MySQL 8 default 1024; MariaDB 1 MiB). */
export const AHT_ERR_SQL_TRUNCATED = defineError(
  'AHT_ERR_SQL_TRUNCATED',
  'case id "%s": expected %s requests, the database returned %s: raise group_concat_max_len on the server (e.g. SET GLOBAL group_concat_max_len = 67108864)',
  500,
);
