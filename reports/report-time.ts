import { parseDuration } from '../store/index.js';
import { RPT_ERR_BAD_TIME } from './errors.js';

/**
 * A report time from the command line: a duration back from `now` (`7d`, `36h`) or a date (`2026-11-01`,
 * taken as UTC midnight, or a full ISO time). Throws RPT_ERR_BAD_TIME naming the option otherwise.
 */
export function parseReportTime(option: string, text: string, now: number): number {
  if (/^\s*\d+(?:\.\d+)?\s*(ms|s|m|h|d|w)\s*$/i.test(text)) return now - parseDuration(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ts = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
    if (Number.isFinite(ts)) return ts;
  }
  throw new RPT_ERR_BAD_TIME(option, text);
}
