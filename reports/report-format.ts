import { RPT_ERR_BAD_FORMAT } from './errors.js';

/** The formats every report renders to. */
export type ReportFormat = 'json' | 'md' | 'html';

const FORMATS: readonly ReportFormat[] = ['json', 'md', 'html'];

/** Check a `--format` value; throws RPT_ERR_BAD_FORMAT otherwise. */
export function parseReportFormat(text: string): ReportFormat {
  if ((FORMATS as readonly string[]).includes(text)) return text as ReportFormat;
  throw new RPT_ERR_BAD_FORMAT(text, FORMATS.join('|'));
}
