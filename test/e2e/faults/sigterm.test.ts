import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleStack } from '../../../examples/sample-stack/index.js';
import { request, serveProcess, sleep, startSlowBodyLegacy, type Outcome } from './harness.js';

// SIGTERM to a real `strangler serve` process under a bounded stream of requests: requests in flight
// finish, no client sees a response cut in the middle, and the events still buffered (the flush interval
// is long on purpose) reach the store before the process exits. `npm test` builds dist/ first.

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'dist/cli/main.js');

let dir: string;
let legacy: Awaited<ReturnType<typeof startSlowBodyLegacy>>;
let legacyUrl: string;
let child: ChildProcess | null = null;
const figures: Record<string, number> = {};

beforeAll(async () => {
  expect(existsSync(cli), 'dist/cli/main.js: run `npm run build` first').toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'strangler-faults-term-'));
  // Slow enough that requests are in flight at the signal; the body goes out in parts, so some are mid-body.
  legacy = await startSlowBodyLegacy();
  legacyUrl = legacy.url;
});

afterAll(async () => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  await legacy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log('[faults] sigterm', JSON.stringify(figures));
});

async function startServe(configFile: string): ReturnType<typeof serveProcess> {
  const started = await serveProcess(cli, configFile, dir);
  child = started.proc;
  return started;
}

describe('SIGTERM to strangler serve under load', () => {
  it('finishes requests in flight, cuts no response, flushes every buffered event, exits 0 (regression: busy keep-alive connections held the drain)', async () => {
    const db = join(dir, 'strangler.db');
    const configFile = join(dir, 'serve.yaml');
    writeFileSync(configFile, [
      `legacy: { url: "${legacyUrl}", timeoutMs: 5000 }`,
      `server: { host: 127.0.0.1 }`,
      `store: { url: "sqlite:${db}", flushIntervalMs: 60000, batchSize: 100000 }`,
    ].join('\n'));
    const { proc, port, exited } = await startServe(configFile);

    // Eight keep-alive clients, each sending one request after another: at most 40 each, stop at refusal.
    const outcomes: Outcome[] = [];
    const afterSignal = new Array<number>(8).fill(0);
    let signalled = false;
    let lastCompleteAt = 0;
    const clients = Array.from({ length: 8 }, async (_, c) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < 40; i++) {
        const outcome = await request(port, agent, `/c${c}/${i}`);
        outcomes.push(outcome);
        if (signalled && outcome === 'complete') {
          lastCompleteAt = Date.now();
          afterSignal[c]++;
        }
        if (outcome === 'refused' && signalled) break;
      }
      agent.destroy();
    });
    await sleep(1200);
    const inFlightAtSignal = outcomes.length;
    signalled = true;
    const t0 = Date.now();
    proc.kill('SIGTERM');
    await Promise.all(clients);
    const code = await exited;
    figures.shutdownMs = Date.now() - t0;
    figures.lastAnswerAfterSignalMs = lastCompleteAt - t0;

    const complete = outcomes.filter((o) => o === 'complete').length;
    const cut = outcomes.filter((o) => o === 'cut').length;
    figures.completed = complete;
    figures.refusedAfterSignal = outcomes.filter((o) => o === 'refused').length;
    figures.completedBeforeSignal = inFlightAtSignal;
    expect(code).toBe(0);
    expect(cut).toBe(0);
    // The eight requests in flight at the signal finished whole.
    expect(complete).toBeGreaterThanOrEqual(inFlightAtSignal + 8);
    // Regression: keep-alive clients that kept their connection busy were served on and on after the
    // signal, holding the drain until the grace period, when closeAllConnections cut them mid-response.
    // Now answers after the signal carry `Connection: close`: at most the request in flight and one
    // already sent on the same connection are answered.
    figures.maxAnsweredAfterSignalPerClient = Math.max(...afterSignal);
    expect(Math.max(...afterSignal)).toBeLessThanOrEqual(2);

    // Every answered request is in the store, though none was flushed before the signal.
    const store = new Database(db, { readonly: true });
    try {
      const rows = store.prepare('SELECT COUNT(*) AS n, SUM(status = 200) AS ok FROM request_events').get() as { n: number; ok: number };
      figures.eventsStored = rows.n;
      expect(rows.n).toBe(complete);
      expect(rows.ok).toBe(complete);
    } finally {
      store.close();
    }
  }, 20_000);

  it('waits for the shadow comparisons running at the signal and stores every shadow result before exiting', async () => {
    const stack = await startSampleStack({ dbFile: join(dir, 'sample.db') });
    // The candidate answers late, so comparisons are still running when the signal comes.
    stack.graphql.setDelay(400);
    const db = join(dir, 'shadow.db');
    const configFile = join(dir, 'shadow.yaml');
    writeFileSync(configFile, [
      `legacy: { url: "${stack.legacy.url}", timeoutMs: 5000 }`,
      `server: { host: 127.0.0.1 }`,
      `candidate: { url: "${stack.graphql.url}", schema: { from: sdl, file: "${stack.schemaFile}" } }`,
      `adapters: "${join(root, 'dist/examples/adapters')}"`,
      `store: { url: "sqlite:${db}", flushIntervalMs: 60000, batchSize: 100000 }`,
      `routes:`,
      `  - { id: user, methods: [GET], path: "/api/users/:id", adapter: user, mode: shadow, sample: 1 }`,
    ].join('\n'));
    try {
      const { proc, port, exited } = await startServe(configFile);
      const agent = new http.Agent({ keepAlive: true });
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        fetchStatus(port, agent, `/api/users/${(i % 10) + 1}`)));
      expect(answers.every((s) => s === 200)).toBe(true);
      agent.destroy();
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      const store = new Database(db, { readonly: true });
      try {
        const events = store.prepare('SELECT COUNT(*) AS n FROM request_events').get() as { n: number };
        const results = store.prepare('SELECT COUNT(*) AS n, SUM(candidate_error IS NULL) AS ok FROM shadow_results').get() as { n: number; ok: number };
        figures.shadowEventsStored = events.n;
        figures.shadowResultsStored = results.n;
        expect(events.n).toBe(20);
        expect(results.n).toBe(20);
        expect(results.ok).toBe(20);
      } finally {
        store.close();
      }
    } finally {
      await stack.close();
    }
  }, 20_000);

});


function fetchStatus(port: number, agent: http.Agent, path: string): Promise<number> {
  return new Promise((done) => {
    http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    }).on('error', () => done(0));
  });
}
