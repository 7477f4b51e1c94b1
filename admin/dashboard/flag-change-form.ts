import type { RouteMode } from '../../model/flag.js';
import { RPT_ERR_BAD_CHANGE, RPT_ERR_FORCE_REASON } from '../../reports/errors.js';

const MODES: readonly RouteMode[] = ['legacy', 'shadow', 'canary', 'new'];

/** A flag change as submitted by the dashboard form, checked. */
export interface FlagChangeForm {
  mode: RouteMode;
  percent: number;
  sample: number;
  reason: string;
  force: boolean;
}

/** Modes that put operators on the new stack: the gate must say ready unless forced. */
export function servesCandidate(mode: RouteMode): boolean {
  return mode === 'canary' || mode === 'new';
}

/** Check a submitted form body; throws RPT_ERR_BAD_CHANGE / RPT_ERR_FORCE_REASON naming the field. */
export function parseFlagChangeForm(body: Record<string, unknown>): FlagChangeForm {
  const text = (k: string): string => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const mode = text('mode') as RouteMode;
  if (!MODES.includes(mode)) throw new RPT_ERR_BAD_CHANGE(`mode must be one of ${MODES.join(', ')}`);
  const percent = Number(text('percent') || '0');
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new RPT_ERR_BAD_CHANGE('percent must be between 0 and 100');
  const sample = Number(text('sample') || '0');
  if (!Number.isFinite(sample) || sample < 0 || sample > 1) throw new RPT_ERR_BAD_CHANGE('sample must be between 0 and 1');
  const force = text('force') === 'on' || text('force') === 'true';
  const reason = text('reason');
  if (force && reason === '') throw new RPT_ERR_FORCE_REASON();
  if (reason === '') throw new RPT_ERR_BAD_CHANGE('reason is required: say why the route changes');
  return { mode, percent, sample, reason, force };
}
