import type { Command } from 'commander';
import { runDemo } from '../examples/demo/index.js';
import { CodedError } from '../errors/index.js';
import { caseSentence } from '../reports/index.js';

/** Register `strangler demo [--duration SECONDS] [--out DIR]` (**contract**). */
export function register(program: Command): void {
  program
    .command('demo')
    .description('Run the whole loop on a sample CS tool with the embedded store, then write the diff and AHT reports.')
    .option('--duration <seconds>', 'how long the simulated operators work', toSeconds, 60)
    .option('--out <dir>', 'where the store and the reports go', './strangler-demo')
    .option('--operators <n>', 'simulated operators (20: about 10 per arm at the 50 % canary, above the 5 per arm a verdict needs)', toSeconds, 20)
    .action(async (opts: { duration: number; out: string; operators: number }) => {
      const stop = new AbortController();
      // Ctrl-C ends the operators' work early; the reports are still written, then the demo exits 0.
      const onSigint = () => {
        if (stop.signal.aborted) process.exit(130);
        process.stderr.write('\nstopping: writing the reports (Ctrl-C again to quit at once)\n');
        stop.abort();
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      const print = (line: string) => process.stdout.write(`${line}\n`);
      print(`strangler demo: ${opts.duration}s with ${opts.operators} simulated operators`);
      try {
        const r = await runDemo({ durationS: opts.duration, outDir: opts.out, operators: opts.operators, print, signal: stop.signal });
        print('');
        print(`operators: ${r.operators.casesStarted} cases opened, ${r.operators.casesReplied} replied, ${r.operators.casesAbandoned} abandoned, ${r.operators.requests} requests, ${r.operators.errors} errors`);
        // The gate's own figures (reads and dry-runs in its window): what `strangler gate` and the dashboard show.
        for (const route of r.diff.routes) {
          const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
          const g = route.gate;
          const kinds = [route.samples > 0 ? `${route.samples} reads` : '', route.dryRun ? `${route.dryRun.samples} dry-runs` : ''].filter((k) => k !== '').join(' + ');
          print(`diff  ${route.routeId.padEnd(15)} ${String(g.samples).padStart(5)} compared (${kinds || 'none'})  match ${pct(g.samples === 0 ? null : g.matchRate)}  gate ${route.status}`);
        }
        for (const c of r.aht.cases) {
          const fmt = (v: number | null) => (v === null ? '–' : `${v.toFixed(2)}s`);
          print(`aht   ${c.name}: legacy n=${c.arms.legacy.n} (${c.arms.legacy.operators} operators) mean ${fmt(c.arms.legacy.mean_s)} · new n=${c.arms.new.n} (${c.arms.new.operators} operators) mean ${fmt(c.arms.new.mean_s)} · difference ${fmt(c.difference.mean_s)} [${fmt(c.difference.ci_low_s)}, ${fmt(c.difference.ci_high_s)}] → ${c.verdict}${c.reason === null ? '' : ` (${c.reason})`}`);
          print(`      ${caseSentence(c, r.aht.method.equivalence_margin_s)}`);
        }
        print('');
        print(`reports in ${r.outDir}:`);
        for (const f of r.files) print(`  ${f}`);
      } catch (err) {
        if (err instanceof CodedError) {
          process.stderr.write(`strangler demo: ${err.code}: ${err.message}\n`);
          process.exit(2);
        }
        throw err;
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
      }
    });
}

function toSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a whole number above 0, got ${value}`);
  return n;
}
