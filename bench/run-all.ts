/**
 * Every benchmark in turn (`npm run bench`, after `npm run build`), each in its own child process so
 * that no bench inherits another's heap, threads or sockets; then one summary table of the targets.
 * BENCH_QUICK=1 runs each bench's short form. BENCH_ONLY=passthrough,shadow picks some.
 * BENCH_OUT=FILE also writes every result as JSON. Run: `npx tsc -p . && node dist/bench/run-all.js`.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The figures of one bench run (every bench returns this shape). */
export interface BenchResult {
  name: string;
  config?: Record<string, string | number>;
  figures: Record<string, number>;
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

/** One bench as run-all knows it: its module and the options its own entry point would use. */
interface BenchEntry {
  name: string;
  options(quick: boolean): Record<string, unknown>;
}

const MYSQL = process.env.STRANGLER_BENCH_MYSQL ?? 'mysql://root:@127.0.0.1:3306';

/** The benches in the order they run: the loopback throughput ones first, on a machine still cool. */
export const BENCHES: readonly BenchEntry[] = [
  { name: 'passthrough', options: () => ({}) },
  { name: 'shadow', options: () => ({}) },
  { name: 'shadow-job', options: () => ({}) },
  { name: 'shadow-candidates', options: (quick) => (quick ? { calls: 1500, rounds: 3 } : {}) },
  { name: 'compare', options: (quick) => (quick ? { rounds: 3, roundMs: 100 } : {}) },
  { name: 'redact', options: (quick) => (quick ? { rounds: 3, roundMs: 100 } : {}) },
  { name: 'store', options: (quick) => (quick ? { rounds: 3, events: 2000, mysqlUrl: MYSQL } : { mysqlUrl: MYSQL }) },
  {
    name: 'aht',
    // The same environment knobs as `node dist/bench/aht.js`.
    options: (quick) => ({
      events: Number(process.env.AHT_BENCH_EVENTS ?? (quick ? 100_000 : 1_000_000)),
      rounds: Number(process.env.AHT_BENCH_ROUNDS ?? (quick ? 1 : 3)),
      mysqlUrl: process.env.AHT_BENCH_MYSQL === 'off' ? null : (process.env.AHT_BENCH_MYSQL ?? `${MYSQL}/test`),
      dir: process.env.AHT_BENCH_DIR,
      fresh: process.env.AHT_BENCH_FRESH === '1',
      clean: process.env.AHT_BENCH_CLEAN === '1',
      window: process.env.AHT_BENCH_WINDOW === '1',
    }),
  },
  { name: 'aht-simulation', options: (quick) => (quick ? { reps: 100 } : {}) },
  { name: 'adapters', options: (quick) => (quick ? { rounds: 3, calls: 60 } : {}) },
  { name: 'instructions', options: (quick) => (quick ? { requests: 500, warmup: 1500 } : {}) },
  { name: 'soak', options: () => ({}) },
];

/** Child role: import one bench, run it with the given options, send the result back. */
async function runChild(name: string, options: Record<string, unknown>): Promise<void> {
  const mod = (await import(new URL(`./${name}.js`, import.meta.url).href)) as { run(o: Record<string, unknown>): Promise<BenchResult> };
  const result = await mod.run(options);
  // Exit once the result is sent: some benches leave pools or threads that would keep the child alive.
  process.send!({ result }, () => process.exit(0));
}

/** Run one bench in a child process; a bench that fails gives an error row, not a stopped run. */
function runOne(entry: BenchEntry, quick: boolean): Promise<BenchResult | { name: string; error: string }> {
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', entry.name, JSON.stringify(entry.options(quick))], {
      execArgv: entry.name === 'soak' ? ['--expose-gc'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: BenchResult | null = null;
    child.on('message', (m: { result: BenchResult }) => (result = m.result));
    child.on('exit', (code) => resolve(result ?? { name: entry.name, error: `exited with ${code}` }));
  });
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(3));

/** Run the benches and print each result and the summary table; returns the results. */
export async function runAll(quick = process.env.BENCH_QUICK === '1'): Promise<(BenchResult | { name: string; error: string })[]> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const chosen = BENCHES.filter((b) => only === undefined || only.includes(b.name));
  const out = process.stdout;
  out.write(`strangler benchmarks (${quick ? 'quick' : 'full'}): ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  const results: (BenchResult | { name: string; error: string })[] = [];
  for (const entry of chosen) {
    const started = Date.now();
    out.write(`\n== ${entry.name} (load average ${loadavg()[0]!.toFixed(2)})\n`);
    const r = await runOne(entry, quick);
    results.push(r);
    if ('error' in r) {
      out.write(`  FAILED: ${r.error}\n`);
      continue;
    }
    if (r.config) out.write(`  config ${JSON.stringify(r.config)}\n`);
    for (const [k, v] of Object.entries(r.figures)) out.write(`  ${k.padEnd(44)} ${fmt(v)}\n`);
    out.write(`  (${Math.round((Date.now() - started) / 1000)} s)\n`);
  }
  out.write(`\n== summary (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n`);
  out.write(`${'bench'.padEnd(12)} ${'target'.padEnd(44)} ${'value'.padStart(10)}  ${'wanted'.padEnd(28)} met\n`);
  for (const r of results) {
    if ('error' in r) {
      out.write(`${r.name.padEnd(12)} ${'(failed)'.padEnd(44)} ${''.padStart(10)}  ${r.error}\n`);
      continue;
    }
    for (const [k, t] of Object.entries(r.targets)) {
      out.write(`${r.name.padEnd(12)} ${k.padEnd(44)} ${fmt(t.value).padStart(10)}  ${t.target.padEnd(28)} ${t.met ? 'yes' : 'NO'}\n`);
    }
  }
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

const childAt = process.argv.indexOf('--child');
if (childAt !== -1) {
  await runChild(process.argv[childAt + 1]!, JSON.parse(process.argv[childAt + 2]!) as Record<string, unknown>);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runAll();
}
