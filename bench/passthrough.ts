/**
 * Passthrough cost: the same ~4 KB JSON fetched, in alternating rounds, from
 *  - direct: the upstream itself;
 *  - bare: a bare http-proxy server with a keep-alive agent (the floor of our own stack);
 *  - nginx: nginx proxy_pass to a keep-alive upstream, one worker process, an access log line a request
 *    (when /usr/sbin/nginx is installed; skipped otherwise);
 *  - ours: `strangler serve --legacy … --port …` in legacy mode with its default store (routing, metrics,
 *    request events written to SQLite, one log line a request);
 *  - core: our data plane (`startProxy`, legacy mode) with a silent logger and no event store: what
 *    ours would reach if the request line and the stored event cost nothing, however they were made
 *    cheap (moved to another thread, batched, written differently). An upper bound, not a product;
 *  - ours-w2: the same with `--workers 2` (only with BENCH_WORKERS=2 or `--workers2`).
 * Each target runs in its own process; the load generator is wrk (/usr/bin/wrk) in its own process, so
 * nothing shares an event loop. Figures are medians over rounds: req/s, p99, CPU µs per request of the
 * proxy process tree (from /proc), and the ratios. Target: ours / bare ≥ 0.9 in throughput.
 * Run: `npx tsc -p . && node dist/bench/passthrough.js` (BENCH_QUICK=1 for a short run).
 */
import http from 'node:http';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { startNginx, freePort, KEEPALIVE_PROXY, type RunningNginx } from './nginx.js';

const execFileAsync = promisify(execFile);
const WRK = '/usr/bin/wrk';
const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..', 'cli', 'main.js');
const CLK_TCK = 100; // Linux USER_HZ

/** Options of one run. */
export interface PassthroughBenchOptions {
  rounds: number;
  seconds: number;
  connections: number;
  /** Also measure `--workers 2`. */
  workers2: boolean;
}

/** The figures of one run. */
export interface BenchResult {
  name: string;
  config: Record<string, string | number>;
  figures: Record<string, number>;
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

interface Sample {
  rps: number;
  p99Ms: number;
  cpuUsPerReq: number;
}

const PAYLOAD = JSON.stringify({
  data: {
    inquiries: Array.from({ length: 24 }, (_, i) => ({
      id: 100_000 + i,
      subject: `Item did not arrive (${i})`,
      status: i % 3 === 0 ? 'open' : 'waiting',
      customer: { id: 5000 + i, tier: 'gold' },
      updated_at: '2024-05-01 12:00:00',
      tags: ['shipping', 'refund'],
    })),
  },
});

/** Child role: the upstream answering the ~4 KB JSON. */
async function runUpstream(): Promise<void> {
  const body = Buffer.from(PAYLOAD);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

/** Child role: a bare http-proxy server with a keep-alive agent. */
async function runBare(target: string): Promise<void> {
  const { default: httpProxy } = await import('http-proxy');
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 256 });
  const proxy = httpProxy.createProxyServer({ target, agent, xfwd: true });
  proxy.on('error', () => {});
  const server = http.createServer((req, res) => proxy.web(req, res));
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

/**
 * Child role: our data plane with a silent logger and no event store. Routing, the request context,
 * ids, timeouts, the abort and cut handling and the metrics still run; the request line and the event
 * are dropped. Loaded here only, so the bare role's process never holds our modules.
 */
async function runCore(target: string): Promise<void> {
  const [{ loadConfig }, { startProxy }, { pino }] = await Promise.all([
    import('../config/load-config.js'),
    import('../proxy/start-proxy.js'),
    import('pino'),
  ]);
  const config = loadConfig({ overrides: { legacy: { url: target }, server: { port: 0, host: '127.0.0.1' }, admin: { port: null } } });
  const proxy = await startProxy(config, { logger: pino({ level: 'silent' }), admin: false });
  process.send?.({ port: proxy.port });
}

function forkRole(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', (m: { port: number }) => resolve({ child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

/** `strangler serve` in its own temp working dir, so its default store (`.strangler/strangler.db`) is fresh. */
function startOurs(legacy: string, workers: number, cwd: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.STRANGLER_DB; // the default store, as an operator who sets nothing gets it
    const child = spawn(
      process.execPath,
      [CLI, 'serve', '--legacy', legacy, '--port', '0', '--host', '127.0.0.1', '--admin-port', '0', '--workers', String(workers)],
      { stdio: ['ignore', 'ignore', 'pipe'], cwd, env },
    );
    let err = '';
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /proxying http:\/\/[^:]+:(\d+)/.exec(err);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`strangler serve exited with ${code}: ${err}`)));
  });
}

/** utime + stime of a process and all its descendants, in µs. */
function treeCpuUs(root: number): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
      cpu.set(Number(name), (Number(fields[11]) + Number(fields[12])) * (1e6 / CLK_TCK));
    } catch {
      // the process ended while we listed
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += cpu.get(pid) ?? 0;
    for (const [child, p] of parent) if (p === pid) stack.push(child);
  }
  return total;
}

async function wrk(url: string, seconds: number, connections: number): Promise<{ rps: number; p99Ms: number; requests: number }> {
  const { stdout } = await execFileAsync(WRK, ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], { maxBuffer: 1 << 20 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1]);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  const p99Ms = p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : NaN;
  return { rps, p99Ms, requests };
}

async function measure(url: string, pid: number, opts: PassthroughBenchOptions): Promise<Sample> {
  const before = treeCpuUs(pid);
  const r = await wrk(url, opts.seconds, opts.connections);
  const cpu = treeCpuUs(pid) - before;
  return { rps: r.rps, p99Ms: r.p99Ms, cpuUsPerReq: cpu / r.requests };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Run the passthrough benchmark and return its figures. */
export async function run(options: Partial<PassthroughBenchOptions> = {}): Promise<BenchResult> {
  const quick = process.env.BENCH_QUICK === '1';
  const opts: PassthroughBenchOptions = {
    rounds: options.rounds ?? (quick ? 1 : 3),
    seconds: options.seconds ?? (quick ? 2 : 4),
    connections: options.connections ?? 32,
    workers2: options.workers2 ?? (process.env.BENCH_WORKERS === '2' || process.argv.includes('--workers2')),
  };
  if (!existsSync(WRK)) throw new Error(`bench/passthrough needs wrk at ${WRK} (apt-get install wrk)`);
  const children: ChildProcess[] = [];
  const loadBefore = loadavg()[0]!;
  const cwd = mkdtempSync(join(tmpdir(), 'strangler-bench-passthrough-'));
  let nginx: RunningNginx | null = null;
  try {
    const upstream = await forkRole(['--role', 'upstream']);
    children.push(upstream.child);
    const legacy = `http://127.0.0.1:${upstream.port}`;
    const bare = await forkRole(['--role', 'bare', legacy]);
    children.push(bare.child);
    const ours = await startOurs(legacy, 1, cwd);
    children.push(ours.child);
    const core = await forkRole(['--role', 'core', legacy]);
    children.push(core.child);
    const targets: { name: string; url: string; pid: number }[] = [
      { name: 'direct', url: `${legacy}/api/inquiries`, pid: upstream.child.pid! },
      { name: 'bare', url: `http://127.0.0.1:${bare.port}/api/inquiries`, pid: bare.child.pid! },
      { name: 'ours', url: `http://127.0.0.1:${ours.port}/api/inquiries`, pid: ours.child.pid! },
      { name: 'core', url: `http://127.0.0.1:${core.port}/api/inquiries`, pid: core.child.pid! },
    ];
    const nginxPort = await freePort();
    nginx = await startNginx(
      `  upstream legacy { server 127.0.0.1:${upstream.port}; keepalive 64; }
  server {
    listen 127.0.0.1:${nginxPort};
    location / {
      proxy_pass http://legacy;
      ${KEEPALIVE_PROXY}
    }
  }`,
      nginxPort,
    );
    if (nginx !== null) targets.push({ name: 'nginx', url: `http://127.0.0.1:${nginxPort}/api/inquiries`, pid: nginx.pid });
    if (opts.workers2) {
      const w2 = await startOurs(legacy, 2, cwd);
      children.push(w2.child);
      targets.push({ name: 'ours-w2', url: `http://127.0.0.1:${w2.port}/api/inquiries`, pid: w2.child.pid! });
    }
    for (const t of targets) await wrk(t.url, 1, opts.connections); // warm-up (JIT, keep-alive pools)
    const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const t of order) samples.get(t.name)!.push(await measure(t.url, t.pid, opts));
    }
    const figures: Record<string, number> = {};
    for (const [name, list] of samples) {
      figures[`${name}.rps`] = Math.round(median(list.map((s) => s.rps)));
      figures[`${name}.p99_ms`] = Number(median(list.map((s) => s.p99Ms)).toFixed(2));
      figures[`${name}.cpu_us_per_req`] = Math.round(median(list.map((s) => s.cpuUsPerReq)));
    }
    const ratio = (a: string, b: string) => Number((figures[`${a}.rps`] / figures[`${b}.rps`]).toFixed(3));
    figures['ratio.ours_over_bare'] = ratio('ours', 'bare');
    // The ceiling for any way of making the request line and the event cheaper.
    figures['ratio.core_over_bare'] = ratio('core', 'bare');
    figures['ratio.bare_over_direct'] = ratio('bare', 'direct');
    figures['ratio.ours_over_direct'] = ratio('ours', 'direct');
    if (opts.workers2) figures['ratio.w2_over_ours'] = ratio('ours-w2', 'ours');
    if (nginx !== null) {
      figures['ratio.ours_over_nginx'] = ratio('ours', 'nginx');
      figures['ratio.nginx_over_direct'] = ratio('nginx', 'direct');
    }
    return {
      name: 'passthrough',
      config: {
        cpus: cpus().length,
        loadAverage1mBefore: Number(loadBefore.toFixed(2)),
        loadAverage1mAfter: Number(loadavg()[0]!.toFixed(2)),
        nginx: nginx === null ? 'not installed: skipped' : '1 worker process, keepalive upstream, buffered access log',
        rounds: opts.rounds,
        seconds: opts.seconds,
        connections: opts.connections,
        payloadBytes: Buffer.byteLength(PAYLOAD),
        load: 'wrk -t1',
        cores: 'shared: load generator, upstream and proxy on one machine',
      },
      figures,
      targets: {
        'ours/bare throughput': { value: figures['ratio.ours_over_bare'], target: '>= 0.9', met: figures['ratio.ours_over_bare'] >= 0.9 },
      },
    };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await nginx?.stop();
    // A child killed by a signal has signalCode set and exitCode still null.
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    rmSync(cwd, { recursive: true, force: true });
  }
}

const role = process.argv.indexOf('--role');
if (role !== -1) {
  const which = process.argv[role + 1];
  if (which === 'upstream') await runUpstream();
  else if (which === 'bare') await runBare(process.argv[role + 2]);
  else if (which === 'core') await runCore(process.argv[role + 2]);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  const rows = Object.entries(result.figures).map(([k, v]) => `${k.padEnd(28)} ${v}`);
  process.stdout.write(`${result.name} (${JSON.stringify(result.config)})\n${rows.join('\n')}\n`);
  for (const [k, t] of Object.entries(result.targets)) process.stdout.write(`target ${k}: ${t.value} (${t.target}) ${t.met ? 'met' : 'NOT met'}\n`);
}
