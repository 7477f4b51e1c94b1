import type { Store } from '../store/store.js';
import type { Flag, FlagAudit, RouteMode } from '../model/flag.js';
import { checkGate } from './gate.js';
import type { GateOptions, GateVerdict } from './gate.js';
import {
  FLAG_ERR_BAD_MODE, FLAG_ERR_BAD_VALUE, FLAG_ERR_GATE_FAILED, FLAG_ERR_REASON_REQUIRED, FLAG_ERR_UNKNOWN_ROUTE,
} from './errors.js';

const MODES: readonly RouteMode[] = ['legacy', 'shadow', 'canary', 'new'];

/** A requested flag change; omitted percent/sample keep the route's current values. */
export interface SetFlagRequest {
  routeId: string;
  mode: string;
  percent?: number;
  sample?: number;
  /** Who changes it: the admin token's name, or `cli:USER`. */
  actor: string;
  reason: string;
  /** Skip a failing gate (the reason is still required and the audit row says it was forced). */
  force?: boolean;
}

/** The result of a change: the new flag and, when the gate ran, its verdict. */
export interface SetFlagOutcome {
  flag: Flag;
  gate: GateVerdict | null;
  forced: boolean;
}

/** A gate failure carries its verdict so callers can print every reason. */
export type GateFailedError = InstanceType<typeof FLAG_ERR_GATE_FAILED> & { verdict: GateVerdict };

/** All flags, by route id. */
export function listFlags(store: Store): Promise<Flag[]> {
  return store.listFlags();
}

/** The audit trail, oldest first, for one route or all. */
export function flagHistory(store: Store, routeId?: string): Promise<FlagAudit[]> {
  return store.flagHistory(routeId);
}

// Moving towards the new stack needs the gate; stepping back (lower canary share, or to legacy/shadow) never does.
function isPromotion(from: Flag, mode: RouteMode, percent: number): boolean {
  if (mode === 'new') return from.mode !== 'new';
  if (mode === 'canary') return from.mode !== 'canary' || percent > from.percent;
  return false;
}

function checkRange(name: string, value: number, min: number, max: number, routeId: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new FLAG_ERR_BAD_VALUE(name, value, routeId, `a number from ${min} to ${max}`);
  }
}

/** Change a route's flag with an audit row; canary/new promotions must pass the gate unless forced. */
export async function setRouteFlag(store: Store, req: SetFlagRequest, gate: GateOptions, nowMs = Date.now()): Promise<SetFlagOutcome> {
  if (!MODES.includes(req.mode as RouteMode)) throw new FLAG_ERR_BAD_MODE(req.mode, req.routeId);
  const mode = req.mode as RouteMode;
  const reason = (req.reason ?? '').trim();
  if (reason === '') throw new FLAG_ERR_REASON_REQUIRED(req.routeId);
  const current = (await store.listFlags()).find((f) => f.routeId === req.routeId);
  if (current === undefined) throw new FLAG_ERR_UNKNOWN_ROUTE(req.routeId);
  const percent = req.percent ?? (mode === 'new' ? 100 : current.percent);
  const sample = req.sample ?? current.sample;
  checkRange('percent', percent, 0, 100, req.routeId);
  checkRange('sample', sample, 0, 1, req.routeId);

  let verdict: GateVerdict | null = null;
  let auditReason = reason;
  if (isPromotion(current, mode, percent)) {
    verdict = await checkGate(store, req.routeId, gate, nowMs);
    if (!verdict.ready) {
      if (req.force !== true) {
        const err = new FLAG_ERR_GATE_FAILED(req.routeId, mode, verdict.reasons.join('; ')) as GateFailedError;
        err.verdict = verdict;
        throw err;
      }
      auditReason = `${reason} [forced past the gate: ${verdict.reasons.join('; ')}]`;
    }
  }
  const flag = await store.setFlag({ routeId: req.routeId, mode, percent, sample, actor: req.actor, reason: auditReason });
  return { flag, gate: verdict, forced: verdict !== null && !verdict.ready };
}

/** Every route back to legacy at once, one audit row each; returns the new flags. */
export async function panic(store: Store, actor: string, reason: string): Promise<Flag[]> {
  const text = (reason ?? '').trim();
  if (text === '') throw new FLAG_ERR_REASON_REQUIRED('*');
  const out: Flag[] = [];
  for (const f of await store.listFlags()) {
    out.push(await store.setFlag({ routeId: f.routeId, mode: 'legacy', percent: 0, sample: f.sample, actor, reason: `panic: ${text}` }));
  }
  return out;
}

/** A route of the config file as far as seeding cares. */
export interface SeedRoute {
  id: string;
  mode: RouteMode;
  percent: number;
  sample: number;
}

/** A route whose stored flag differs from the config file (the store wins). */
export interface FlagDisagreement {
  routeId: string;
  store: Pick<Flag, 'mode' | 'percent' | 'sample'>;
  config: Pick<Flag, 'mode' | 'percent' | 'sample'>;
}

/** Insert flags for config routes the store does not know; report (and keep) the store's values where they differ. */
export async function seedFlags(
  store: Store,
  routes: readonly SeedRoute[],
  opts: { actor?: string; logger?: { warn(obj: object, msg: string): void } } = {},
): Promise<{ inserted: string[]; disagreements: FlagDisagreement[] }> {
  const inserted: string[] = [];
  const disagreements: FlagDisagreement[] = [];
  for (const r of routes) {
    const added = await store.seedFlag({
      routeId: r.id, mode: r.mode, percent: r.percent, sample: r.sample,
      actor: opts.actor ?? 'config', reason: 'seeded from the config file',
    });
    if (added) inserted.push(r.id);
  }
  const stored = new Map((await store.listFlags()).map((f) => [f.routeId, f]));
  for (const r of routes) {
    const s = stored.get(r.id);
    if (s === undefined || inserted.includes(r.id)) continue;
    if (s.mode !== r.mode || s.percent !== r.percent || s.sample !== r.sample) {
      const d: FlagDisagreement = {
        routeId: r.id,
        store: { mode: s.mode, percent: s.percent, sample: s.sample },
        config: { mode: r.mode, percent: r.percent, sample: r.sample },
      };
      disagreements.push(d);
      opts.logger?.warn(d, `flag for route ${r.id} differs from the config file; keeping the store's value (change it with strangler flags set)`);
    }
  }
  return { inserted, disagreements };
}


