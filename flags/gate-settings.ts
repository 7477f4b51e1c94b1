import type { Store } from '../store/store.js';
import { DEFAULT_GATE, type GateOptions } from './gate.js';

/** The thresholds a judgement uses, where they came from, and anything its reader should know. */
export interface ResolvedGate {
  options: GateOptions;
  /** `server`: stored by the running server (what it judges with); `config`: the --config file; `default`. */
  source: 'server' | 'config' | 'default';
  /** Lines to print beside the verdict (thresholds that differ, options that override); empty when none. */
  notes: string[];
}

const KEYS = ['minSamples', 'minMatch', 'maxErrorRate', 'windowMs'] as const;

/** Store the thresholds a server judges with, so every other reader uses the same ones. */
export async function publishGate(store: Store, gate: GateOptions, actor: string, nowMs = Date.now()): Promise<void> {
  await store.saveGate({ minSamples: gate.minSamples, minMatch: gate.minMatch, maxErrorRate: gate.maxErrorRate, windowMs: gate.windowMs, updatedAt: nowMs, updatedBy: actor });
}

/**
 * The thresholds a CLI judgement uses: the server's stored ones first (so `gate`, `report diff` and the
 * dashboard agree with or without --config), else the config's, else the defaults; explicit options
 * (`--min-samples` …) override any of them and say so.
 */
export async function resolveGate(store: Store, config: GateOptions | null, overrides: Partial<GateOptions> = {}): Promise<ResolvedGate> {
  const stored = await store.readGate();
  const notes: string[] = [];
  let options: GateOptions;
  let source: ResolvedGate['source'];
  if (stored !== null) {
    options = { minSamples: stored.minSamples, minMatch: stored.minMatch, maxErrorRate: stored.maxErrorRate, windowMs: stored.windowMs };
    source = 'server';
    const differ = config === null ? [] : KEYS.filter((k) => config[k] !== options[k]);
    if (differ.length > 0) {
      notes.push(
        `the server's gate thresholds (stored by ${stored.updatedBy} at ${new Date(stored.updatedAt).toISOString()}) are used; ` +
          `the --config file differs in ${differ.map((k) => `${k} (${config![k]} there, ${options[k]} on the server)`).join(', ')}`,
      );
    }
  } else if (config !== null) {
    options = { ...config };
    source = 'config';
  } else {
    options = { ...DEFAULT_GATE };
    source = 'default';
    notes.push('no server has stored its gate thresholds in this store, and no --config was given: the defaults are used');
  }
  const overridden = KEYS.filter((k) => overrides[k] !== undefined && overrides[k] !== options[k]);
  for (const k of overridden) options[k] = overrides[k]!;
  if (overridden.length > 0) notes.push(`overridden by options: ${overridden.map((k) => `${k} = ${options[k]}`).join(', ')} (the server judges otherwise)`);
  return { options, source, notes };
}
