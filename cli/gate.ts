import type { Command } from 'commander';
import { checkGate, describeVerdict, DEFAULT_GATE } from '../flags/index.js';
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

/** `strangler gate ROUTE`: exit 0 when the route's shadow results are good enough for canary/new, 1 otherwise. */
export function register(program: Command): void {
  withStoreOptions(
    program.command('gate')
      .description('judge whether a route is ready for canary/new (exit 0 ready, 1 not, 2 error)')
      .argument('<route>', 'route id')
      .option('--min-samples <n>', 'fewest compared results in the window')
      .option('--min-match <f>', 'lowest match rate after noise, 0..1')
      .option('--max-error-rate <f>', 'highest candidate error rate, 0..1')
      .option('--window <duration>', 'how far back results count, e.g. 24h')
      .option('--json', 'print the verdict as JSON'),
  ).action(async (route: string, opts: GateCliOptions) => {
    try {
      const { store, config } = await openCliStore(opts, { readOnly: true });
      try {
        const base: GateOptions = config?.gate ?? DEFAULT_GATE;
        const gate: GateOptions = {
          minSamples: opts.minSamples !== undefined ? Number(opts.minSamples) : base.minSamples,
          minMatch: opts.minMatch !== undefined ? Number(opts.minMatch) : base.minMatch,
          maxErrorRate: opts.maxErrorRate !== undefined ? Number(opts.maxErrorRate) : base.maxErrorRate,
          windowMs: opts.window !== undefined ? parseDuration(opts.window) : base.windowMs,
        };
        const verdict = await checkGate(store, route, gate, Date.now());
        if (opts.json === true) process.stdout.write(`${JSON.stringify({ route, ...verdict })}\n`);
        else {
          process.stdout.write(`${describeVerdict(route, verdict)}\n`);
          for (const r of verdict.reasons) process.stdout.write(`  - ${r}\n`);
        }
        process.exitCode = verdict.ready ? 0 : 1;
      } finally {
        await store.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  });
}
