import type { Command } from 'commander';
import { checkGate, describeVerdict, gateStatus, resolveGate, FLAG_ERR_UNKNOWN_ROUTE } from '../flags/index.js';
import type { GateOptions } from '../flags/index.js';
import { parseDuration } from '../store/index.js';
import { openCliStore, reportCliError, withStoreOptions } from './store-target.js';
import type { StoreTargetOptions } from './store-target.js';

interface GateCliOptions extends StoreTargetOptions {
  minSamples?: string;
  minMatch?: string;
  maxErrorRate?: string;
  window?: string;
  json?: boolean;
}

/**
 * `strangler gate ROUTE`: exit 0 when the route's shadow results are good enough for canary/new (or it
 * is already in new), 1 when not, 2 for a usage error such as an unknown route.
 */
export function register(program: Command): void {
  withStoreOptions(
    program.command('gate')
      .description('judge whether a route is ready for canary/new (exit 0 ready, 1 not, 2 usage error or unknown route)')
      .argument('<route>', 'route id')
      .option('--min-samples <n>', 'fewest compared results in the window (default: the server\'s)')
      .option('--min-match <f>', 'lowest match rate after noise, 0..1')
      .option('--max-error-rate <f>', 'highest candidate error rate, 0..1')
      .option('--window <duration>', 'how far back results count, e.g. 24h')
      .option('--json', 'print the verdict as JSON'),
  ).action(async (route: string, opts: GateCliOptions) => {
    try {
      const { store, config } = await openCliStore(opts, { readOnly: true });
      try {
        const flags = await store.listFlags();
        const known = new Set([...flags.map((f) => f.routeId), ...(config?.routes.map((r) => r.id) ?? [])]);
        if (!known.has(route)) {
          const near = [...known].filter((id) => id.includes(route) || route.includes(id)).slice(0, 3);
          throw new FLAG_ERR_UNKNOWN_ROUTE(`"${route}"${known.size > 0 ? ` (known: ${[...known].sort().join(', ')}${near.length > 0 ? `; did you mean ${near.join(' or ')}?` : ''})` : ''}`);
        }
        const overrides: Partial<GateOptions> = {
          minSamples: opts.minSamples !== undefined ? Number(opts.minSamples) : undefined,
          minMatch: opts.minMatch !== undefined ? Number(opts.minMatch) : undefined,
          maxErrorRate: opts.maxErrorRate !== undefined ? Number(opts.maxErrorRate) : undefined,
          windowMs: opts.window !== undefined ? parseDuration(opts.window) : undefined,
        };
        const gate = await resolveGate(store, config?.gate ?? null, overrides);
        const verdict = await checkGate(store, route, gate.options, Date.now());
        const mode = flags.find((f) => f.routeId === route)?.mode ?? null;
        const status = gateStatus(mode, verdict);
        if (opts.json === true) {
          process.stdout.write(`${JSON.stringify({ route, mode, status, ...verdict, thresholds: gate.options, thresholdsFrom: gate.source, notes: gate.notes })}\n`);
        } else {
          process.stdout.write(`${describeVerdict(route, verdict, mode)}\n`);
          for (const r of verdict.reasons) process.stdout.write(`  - ${r}\n`);
          process.stdout.write(`thresholds (${gate.source}): ≥ ${gate.options.minSamples} samples, match ≥ ${gate.options.minMatch}, errors ≤ ${gate.options.maxErrorRate}, window ${gate.options.windowMs / 3_600_000} h\n`);
          for (const n of gate.notes) process.stdout.write(`note: ${n}\n`);
        }
        process.exitCode = status === 'not ready' ? 1 : 0;
      } finally {
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  });
}
