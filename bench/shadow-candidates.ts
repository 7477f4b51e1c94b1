/**
 * What one shadow candidate call costs the proxy process, by kind of candidate: the adapter candidate
 * `strangler serve` uses (legacy request → GraphQL operation → legacy-shaped answer, against the sample
 * GraphQL service) against the HTTP replay bench/shadow.ts uses (the same request replayed to the
 * sample legacy tool, an answer of the same size). The services run in child processes, so this
 * process's CPU time (process.cpuUsage: every thread) is the caller's alone. The proxy makes these
 * calls from its shadow thread (or on its event loop, for a candidate without a recipe): this is what
 * one costs that thread, and how much more a shadowed request costs through an adapter.
 * Calls run 16 at a time; rounds alternate the kinds; figures are medians.
 * Run: `npx tsc -p . && node dist/bench/shadow-candidates.js` (BENCH_QUICK=1 for fewer calls).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedSampleData } from '../examples/sample-data/index.js';
import { startLegacyCs } from '../examples/legacy-cs/index.js';
import { startGraphqlService } from '../examples/graphql-service/index.js';
import { inquiryDetailAdapter } from '../examples/adapters/index.js';
import { createGraphqlClient } from '../legacy-adapters/index.js';
import { adapterCandidate, httpCandidate, type ShadowCandidate, type ShadowRequest } from '../shadow/index.js';
import type { BenchResult } from './run-all.js';
import { median } from './shadow-shared.js';

/** Options of one run. */
export interface ShadowCandidatesBenchOptions {
  /** Calls a kind a round. */
  calls: number;
  /** Counted rounds (after 1,000 calls of each kind to warm up). */
  rounds: number;
}

const LANES = 16;

/** Child role: one sample service on the seeded database; its URL goes back to the parent. */
async function serve(role: string, dbFile: string): Promise<void> {
  const service = role === 'graphql' ? await startGraphqlService({ dbFile }) : await startLegacyCs({ dbFile });
  process.send!({ url: service.url });
}

function startService(role: 'graphql' | 'legacy', dbFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, SHADOW_CANDIDATES_ROLE: role, SHADOW_CANDIDATES_DB: dbFile } });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`bench/shadow-candidates: the ${role} service exited (${code})`)));
  });
}

/** The request the proxy would replay for an inquiry detail page. */
function detailRequest(i: number): ShadowRequest {
  const id = String((i % 300) + 1);
  return { method: 'GET', url: `/api/inquiries/${id}`, headers: { host: '127.0.0.1', accept: 'application/json' }, body: Buffer.alloc(0), params: { id }, operatorId: 'op-1', requestId: `r${i}` };
}

/** µs of this process's CPU a call, and bytes an answer, for `calls` calls 16 at a time. */
async function cost(candidate: ShadowCandidate, calls: number): Promise<{ us: number; bytes: number }> {
  let next = 0;
  let bytes = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      while (next < calls) {
        const i = next++;
        // As the shadow runner gives it: the signal made only when the candidate reads it (the adapter never does).
        const o = await candidate.call(detailRequest(i), {
          dryRun: false,
          maxBodyBytes: 1 << 20,
          get signal() {
            return new AbortController().signal;
          },
        });
        if (o.error !== null || o.body === null) throw new Error(`bench/shadow-candidates: a call failed (${o.error ?? 'no body'})`);
        bytes += o.body.length;
      }
    }),
  );
  const used = process.cpuUsage(before);
  return { us: (used.user + used.system) / calls, bytes: bytes / calls };
}

/** Run the bench and return its figures (also printed when run directly). */
export async function run(options: Partial<ShadowCandidatesBenchOptions> = {}): Promise<BenchResult> {
  const quick = process.env.BENCH_QUICK === '1';
  const o: ShadowCandidatesBenchOptions = { calls: quick ? 1500 : 3000, rounds: quick ? 3 : 5, ...options };
  const dir = mkdtempSync(join(tmpdir(), 'strangler-bench-candidates-'));
  const dbFile = join(dir, 'sample.db');
  seedSampleData(dbFile, {});
  const services: ChildProcess[] = [];
  try {
    const graphql = await startService('graphql', dbFile);
    services.push(graphql.child);
    const legacy = await startService('legacy', dbFile);
    services.push(legacy.child);
    const adapter = adapterCandidate(inquiryDetailAdapter, createGraphqlClient({ url: graphql.url, timeoutMs: 5000 }));
    const replay = httpCandidate(legacy.url, { connections: LANES });
    const kinds: [string, ShadowCandidate][] = [
      ['adapter', adapter],
      ['httpReplay', replay],
    ];
    const us: Record<string, number[]> = { adapter: [], httpReplay: [] };
    const bytes: Record<string, number> = {};
    for (const [, c] of kinds) await cost(c, 1000); // warm-up: JIT and keep-alive connections
    for (let r = 0; r < o.rounds; r++) {
      for (let k = 0; k < kinds.length; k++) {
        const [name, c] = kinds[(k + r) % kinds.length]!;
        const m = await cost(c, o.calls);
        us[name]!.push(m.us);
        bytes[name] = Math.round(m.bytes);
      }
    }
    await replay.close();
    const adapterUs = median(us.adapter!);
    const replayUs = median(us.httpReplay!);
    return {
      name: 'shadow-candidates',
      config: { callsPerRound: o.calls, rounds: o.rounds, lanes: LANES, loadAverage1mBefore: Number(loadavg()[0]!.toFixed(2)), page: 'inquiry detail of the sample stack' },
      figures: {
        adapterCandidateUsPerCall: Math.round(adapterUs),
        httpReplayUsPerCall: Math.round(replayUs),
        adapterOverReplay: Number((adapterUs / replayUs).toFixed(2)),
        adapterExtraUsPerCall: Math.round(adapterUs - replayUs),
        adapterAnswerBytes: bytes.adapter!,
        replayAnswerBytes: bytes.httpReplay!,
      },
      targets: {},
    };
  } finally {
    for (const s of services) s.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = process.env.SHADOW_CANDIDATES_ROLE;
if (role !== undefined) {
  await serve(role, process.env.SHADOW_CANDIDATES_DB!);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
}
