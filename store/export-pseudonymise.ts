import { hashToken } from '../compare/index.js';
import type { ExportTable } from './export-schema.js';

/**
 * `--pseudonymise-operators`: an exported event's `operator_id` becomes `redacted:<keyed hash>` under the
 * redaction key. The store keeps the real id (the team's own systems need it); analysts outside see
 * stable ids (one operator, one hash, so per-operator AHT still works) without names.
 */
export function pseudonymiseOperator(table: ExportTable, row: Record<string, unknown>, key: string | null | undefined): Record<string, unknown> {
  if (!key || table !== 'request_events' || typeof row.operator_id !== 'string') return row;
  return { ...row, operator_id: hashToken(key, row.operator_id) };
}
