/**
 * Instructions a request, bare http-proxy against `strangler serve`, counted by valgrind's callgrind.
 *
 * The throughput benchmark (passthrough.ts) is the target's measure, but on a shared 2-core machine a
 * few per cent change disappears in the noise between rounds (bare alone varies by ±20 %). Callgrind
 * counts the instructions each thread executes instead of timing them: the same code and load give the
 * same count within about 1 %, whatever else the machine does. It does not count time in the kernel
 * (socket writes), so it ranks user-space work, not throughput.
 *
 * Each target runs under callgrind; the upstream and the load generator run natively. A warm-up of
 * `warmup` requests lets V8 compile the hot paths, the counters are zeroed, `requests` requests are sent
 * over 8 keep-alive connections, and the counters are dumped per thread: the main thread (the event
 * loop) and all the others (V8's GC and compiler helpers, the SQLite writer thread, libuv's pool).
 * Needs /usr/bin/valgrind (Debian package valgrind); skipped without it.
 * Run: `npx tsc -p . && node dist/bench/instructions.js` (BENCH_QUICK=1 for fewer requests).
 */
import http from 'node:http';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchResult } from './run-all.js';

const execFileAsync = promisify(execFile);
const VALGRIND = '/usr/bin/valgrind';
const HERE = dirname(fileURLToPath(import.meta.url));
const PASSTHROUGH = join(HERE, 'passthrough.js');
const CLI = join(HERE, '..', 'cli', 'main.js');

/** Options of one run. */
export interface InstructionsBenchOptions {
  /** Requests counted per target. */
  requests: number;
  /** Requests sent before the counters are zeroed. */
  warmup: number;
}

interface Counted {
  mainPerReq: number;
  othersPerReq: number;
}

/** Start `args` (a node script and its arguments) and resolve with its port once it prints or sends it. */
function start(command: string, args: string[], cwd: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.STRANGLER_DB; // serve's default store in its own fresh directory
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], cwd, env });
    let err = '';
    child.on('message', (m: { port: number }) => resolve({ child, port: m.port }));
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /proxying http:\/\/[^:]+:(\d+)/.exec(err);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${err.slice(-2000)}`)));
  });
}

/** Send `n` GETs over 8 keep-alive connections, each waiting for its answer's end. */
async function load(url: string, n: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < n) {
      sent++;
      await new Promise<void>((resolve, reject) => {
        http.get(url, { agent }, (res) => {
          res.resume();
          res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        }).once('error', reject);
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: 8 }, worker));
  } finally {
    agent.destroy();
  }
}

/** Instructions of each thread in the dump files of `pid` (thread 1 is the main thread). */
function readDump(dir: string, pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const f of readdirSync(dir)) {
    const m = new RegExp(`^cg\\.${pid}\\.\\d+-(\\d+)$`).exec(f);
    if (m === null) continue;
    const text = readFileSync(join(dir, f), 'utf8');
    const total = Number((/^summary:\s+(\d+)/m.exec(text) ?? /^totals:\s+(\d+)/m.exec(text))?.[1] ?? 0);
    if (Number(m[1]) === 1) main += total;
    else others += total;
  }
  return { main, others };
}

async function count(name: string, args: string[], opts: InstructionsBenchOptions): Promise<Counted> {
  const dir = mkdtempSync(join(tmpdir(), `strangler-bench-cg-${name}-`));
  const vg = ['--tool=callgrind', '--smc-check=all', '--separate-threads=yes', `--callgrind-out-file=${join(dir, 'cg.%p')}`];
  const target = await start(VALGRIND, [...vg, process.execPath, ...args], dir);
  try {
    const url = `http://127.0.0.1:${target.port}/api/inquiries`;
    await load(url, opts.warmup);
    const pid = String(target.child.pid);
    await execFileAsync('callgrind_control', ['-z', pid]);
    await load(url, opts.requests);
    await execFileAsync('callgrind_control', ['-d', pid]);
    const { main, others } = readDump(dir, target.child.pid!);
    if (main === 0) throw new Error(`no callgrind dump for ${name} in ${dir}`);
    return { mainPerReq: main / opts.requests, othersPerReq: others / opts.requests };
  } finally {
    target.child.kill('SIGKILL');
    await new Promise((r) => (target.child.exitCode === null && target.child.signalCode === null ? target.child.once('exit', r) : r(null)));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run the count for bare and ours; figures are thousands of instructions a request. */
export async function run(options: Partial<InstructionsBenchOptions> = {}): Promise<BenchResult> {
  const quick = process.env.BENCH_QUICK === '1';
  const opts: InstructionsBenchOptions = { requests: options.requests ?? (quick ? 500 : 2000), warmup: options.warmup ?? (quick ? 1500 : 3000) };
  const config: Record<string, string | number> = {
    requests: opts.requests, warmup: opts.warmup, connections: 8, loadAverage1mBefore: Number(loadavg()[0]!.toFixed(2)),
  };
  if (!existsSync(VALGRIND)) return { name: 'instructions', config: { ...config, skipped: `needs ${VALGRIND} (apt-get install valgrind)` }, figures: {}, targets: {} };
  const cwd = mkdtempSync(join(tmpdir(), 'strangler-bench-instructions-'));
  const upstream = await start(process.execPath, [PASSTHROUGH, '--role', 'upstream'], cwd);
  try {
    const legacy = `http://127.0.0.1:${upstream.port}`;
    const bare = await count('bare', [PASSTHROUGH, '--role', 'bare', legacy], opts);
    const ours = await count('ours', [CLI, 'serve', '--legacy', legacy, '--port', '0', '--host', '127.0.0.1', '--admin-port', '0'], opts);
    const k = (v: number) => Number((v / 1000).toFixed(1));
    const figures: Record<string, number> = {
      'bare.main_kir_per_req': k(bare.mainPerReq),
      'bare.other_threads_kir_per_req': k(bare.othersPerReq),
      'ours.main_kir_per_req': k(ours.mainPerReq),
      'ours.other_threads_kir_per_req': k(ours.othersPerReq),
      'ratio.ours_over_bare_main': Number((ours.mainPerReq / bare.mainPerReq).toFixed(3)),
      'ratio.ours_over_bare_all_threads': Number(((ours.mainPerReq + ours.othersPerReq) / (bare.mainPerReq + bare.othersPerReq)).toFixed(3)),
    };
    return { name: 'instructions', config: { ...config, loadAverage1mAfter: Number(loadavg()[0]!.toFixed(2)) }, figures, targets: {} };
  } finally {
    upstream.child.kill('SIGTERM');
    rmSync(cwd, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  const rows = Object.entries(result.figures).map(([key, v]) => `${key.padEnd(34)} ${v}`);
  process.stdout.write(`${result.name} (${JSON.stringify(result.config)})\n${rows.join('\n')}\n`);
}
