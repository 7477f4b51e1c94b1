import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, metricValue, sleep, startRig, startTcp, until, type FaultRig } from './harness.js';

// Legacy itself failing: down, slow, resetting mid-response, answering garbage. The only family the
// operator sees, so what they see must be a short coded answer, and the proxy must recover by itself.

/** A legacy stand-in whose behaviour each path picks; can be stopped and started again on its port. */
function legacyApp(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  if (path.startsWith('/slow/')) {
    const ms = Number(path.slice('/slow/'.length));
    const t = setTimeout(() => res.end(JSON.stringify({ ok: true, waited: ms })), ms);
    res.on('close', () => clearTimeout(t));
    return;
  }
  if (path === '/drip') {
    // Longer in total than legacy.timeoutMs, but never silent that long: must not be cut.
    res.writeHead(200, { 'content-type': 'text/plain' });
    let n = 0;
    const t = setInterval(() => {
      res.write(`chunk ${n}\n`);
      if (++n === 5) {
        clearInterval(t);
        res.end('done\n');
      }
    }, 600);
    res.on('close', () => clearInterval(t));
    return;
  }
  if (path === '/stall') {
    // Headers and a first part, then silence longer than legacy.timeoutMs.
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100000' });
    res.write(Buffer.alloc(10_000, 98));
    return;
  }
  if (path === '/reset') {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100000' });
    res.write(Buffer.alloc(20_000, 97), () => setTimeout(() => res.socket?.destroy(), 50));
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ result: 'OK', path }));
}

async function listen(port = 0): Promise<http.Server> {
  const server = http.createServer(legacyApp);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

function stop(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

let legacy: http.Server;
let legacyPort: number;
let rig: FaultRig;
const figures: Record<string, number | string> = {};

beforeAll(async () => {
  legacy = await listen();
  legacyPort = (legacy.address() as AddressInfo).port;
  rig = await startRig({
    legacyUrl: `http://127.0.0.1:${legacyPort}`,
    overrides: { legacy: { url: `http://127.0.0.1:${legacyPort}`, timeoutMs: 1500, connectTimeoutMs: 2000 } },
  });
});

afterAll(async () => {
  await rig?.close();
  if (legacy?.listening) await stop(legacy);
  console.log('[faults] legacy', JSON.stringify(figures));
});

/** Statuses stored for `path`, once `n` events for it are stored (the event follows the response's close). */
async function storedStatuses(path: string, n: number): Promise<number[]> {
  let rows: { status: number }[] = [];
  await until(async () => {
    await rig.running.writer.flush();
    rows = await rig.running.store.query<{ status: number }>('SELECT status FROM request_events WHERE path = ? ORDER BY ts', [path]);
    return rows.length >= n;
  }, 100, 20);
  return rows.map((r) => r.status);
}

describe('legacy down', () => {
  it('answers 502 PRX_ERR_UPSTREAM within 5 s, counts it, and serves again by itself once legacy is back', async () => {
    expect((await get(rig.base, '/before')).status).toBe(200);
    await stop(legacy);

    const t0 = Date.now();
    const down = await get(rig.base, '/while-down');
    const answeredIn = Date.now() - t0;
    expect(down.status).toBe(502);
    expect(down.body.error.code).toBe('PRX_ERR_UPSTREAM');
    expect(answeredIn).toBeLessThan(5000);
    figures.downAnsweredMs = answeredIn;
    for (let i = 0; i < 4; i++) expect((await get(rig.base, '/while-down')).status).toBe(502);
    expect(metricValue(await rig.metrics(), 'strangler_upstream_errors_total', { code: 'PRX_ERR_UPSTREAM' })).toBe(5);

    // Back on the same port: the first request after that must be served, no restart of the proxy.
    legacy = await listen(legacyPort);
    const back = Date.now();
    let tries = 0;
    const recovered = await until(async () => {
      tries++;
      return (await get(rig.base, '/after')).status === 200;
    }, 200, 10);
    expect(recovered).toBe(true);
    figures.recoveryMs = Date.now() - back;
    figures.recoveryTries = tries;
    expect(tries).toBe(1);
    expect(await storedStatuses('/while-down', 5)).toEqual([502, 502, 502, 502, 502]);
  });
});

describe('legacy slow', () => {
  it('does not cut a slow answer before legacy.timeoutMs, nor a long answer that keeps talking', async () => {
    const slow = await get(rig.base, '/slow/1000');
    expect(slow.status).toBe(200);
    expect(slow.body).toEqual({ ok: true, waited: 1000 });

    const t0 = Date.now();
    const drip = await get(rig.base, '/drip');
    figures.dripMs = Date.now() - t0;
    expect(drip.cut).toBe(false);
    expect(drip.text).toBe('chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\ndone\n');
  });

  it('answers 504 PRX_ERR_UPSTREAM_TIMEOUT after legacy.timeoutMs of silence, and counts it', async () => {
    const before = metricValue(await rig.metrics(), 'strangler_upstream_errors_total', { code: 'PRX_ERR_UPSTREAM_TIMEOUT' });
    const t0 = Date.now();
    const silent = await get(rig.base, '/slow/4000');
    figures.timeoutAnsweredMs = Date.now() - t0;
    expect(silent.status).toBe(504);
    expect(silent.body.error.code).toBe('PRX_ERR_UPSTREAM_TIMEOUT');
    expect(metricValue(await rig.metrics(), 'strangler_upstream_errors_total', { code: 'PRX_ERR_UPSTREAM_TIMEOUT' })).toBe(before + 1);
    expect(await storedStatuses('/slow/4000', 1)).toEqual([504]);
  });
});

describe('legacy resetting mid-response', () => {
  it('regression: a legacy reset mid-response left the client waiting for the idle timeout; now the client sees the cut at once, the proxy stays up, the cut is counted', async () => {
    const before = metricValue(await rig.metrics(), 'strangler_upstream_errors_total', { code: 'PRX_ERR_UPSTREAM' });
    const t0 = Date.now();
    const cut = await get(rig.base, '/reset');
    figures.resetSeenMs = Date.now() - t0;
    expect(cut.status).toBe(200);
    expect(cut.cut).toBe(true);
    expect(cut.text.length).toBeLessThan(100_000);
    // Seen as a cut promptly, not after the client-socket idle timeout.
    expect(figures.resetSeenMs).toBeLessThan(1500);

    expect((await get(rig.base, '/after-reset')).status).toBe(200);
    const text = await rig.metrics();
    expect(metricValue(text, 'strangler_upstream_errors_total', { code: 'PRX_ERR_UPSTREAM' })).toBe(before + 1);
    expect(await storedStatuses('/reset', 1)).toEqual([502]);
  });
});

describe('legacy stalling mid-response', () => {
  it('cuts the client after legacy.timeoutMs of silence, counted once as PRX_ERR_UPSTREAM_TIMEOUT, event 504', async () => {
    const metric = async (code: string) => metricValue(await rig.metrics(), 'strangler_upstream_errors_total', { code });
    const before = { timeout: await metric('PRX_ERR_UPSTREAM_TIMEOUT'), upstream: await metric('PRX_ERR_UPSTREAM') };
    const t0 = Date.now();
    const stalled = await get(rig.base, '/stall');
    figures.stallCutMs = Date.now() - t0;
    expect(stalled.status).toBe(200);
    expect(stalled.cut).toBe(true);
    expect(await metric('PRX_ERR_UPSTREAM_TIMEOUT')).toBe(before.timeout + 1);
    expect(await metric('PRX_ERR_UPSTREAM')).toBe(before.upstream);
    expect(await storedStatuses('/stall', 1)).toEqual([504]);
  });
});

describe('legacy answering garbage', () => {
  it('answers 502 PRX_ERR_UPSTREAM for bytes that are not HTTP, and counts it', async () => {
    const garbage = await startTcp((s) => {
      s.on('data', () => s.end('SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02 not http at all\r\n\r\n'));
    });
    const other = await startRig({ legacyUrl: garbage.url, overrides: { legacy: { url: garbage.url, timeoutMs: 1500 } } });
    try {
      const t0 = Date.now();
      const seen = await get(other.base, '/anything');
      figures.garbageAnsweredMs = Date.now() - t0;
      expect(seen.status).toBe(502);
      expect(seen.body.error.code).toBe('PRX_ERR_UPSTREAM');
      expect((await get(other.base, '/again')).status).toBe(502);
      expect(metricValue(await other.metrics(), 'strangler_upstream_errors_total', { code: 'PRX_ERR_UPSTREAM' })).toBe(2);
    } finally {
      await other.close();
      await garbage.close();
    }
    await sleep(0);
  });
});

describe('legacy answering a valid head and then a broken body', () => {
  it('cuts the client when the chunked body turns into garbage, counts it, and keeps serving', async () => {
    const broken = await startTcp((s) => {
      s.once('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZZ not a chunk size\r\n'));
    });
    const other = await startRig({ legacyUrl: broken.url, overrides: { legacy: { url: broken.url, timeoutMs: 1500 } } });
    try {
      const t0 = Date.now();
      const seen = await get(other.base, '/broken');
      figures.brokenBodySeenMs = Date.now() - t0;
      // Legacy's head was taken but nothing of it may have reached the client yet: a reset, either way a cut.
      expect(seen.cut).toBe(true);
      expect(seen.text).not.toContain('PRX_ERR');
      expect(figures.brokenBodySeenMs).toBeLessThan(1500);
      expect(metricValue(await other.metrics(), 'strangler_upstream_errors_total', { code: 'PRX_ERR_UPSTREAM' })).toBe(1);
      let rows: { status: number }[] = [];
      await until(async () => {
        await other.running.writer.flush();
        rows = await other.running.store.query<{ status: number }>('SELECT status FROM request_events');
        return rows.length > 0;
      }, 100, 20);
      expect(rows.map((r) => r.status)).toEqual([502]);
    } finally {
      await other.close();
      await broken.close();
    }
  });
});

describe('legacy frozen (process stopped, its accept queue full)', () => {
  it('regression: a connect that hangs was never timed out (the client waited legacy.timeoutMs + 5 s and got a reset); now 502 PRX_ERR_UPSTREAM after legacy.connectTimeoutMs, and served again once legacy runs', async () => {
    // A legacy process of its own, so it can be stopped (SIGSTOP) like a hung PHP host or a paused VM.
    const script = "const s=require('node:http').createServer((q,r)=>r.end('{\"result\":\"OK\"}'));" +
      "s.listen({port:0,host:'127.0.0.1',backlog:1},()=>console.log(s.address().port));";
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const fillers: net.Socket[] = [];
    let other: FaultRig | null = null;
    try {
      const port = await new Promise<number>((ok) => child.stdout!.once('data', (d: Buffer) => ok(Number(d.toString().trim()))));
      const url = `http://127.0.0.1:${port}`;
      other = await startRig({ legacyUrl: url, overrides: { legacy: { url, timeoutMs: 1500, connectTimeoutMs: 2000 } } });
      child.kill('SIGSTOP');
      // Fill the accept queue: once it is full, the kernel drops further SYNs and connects hang.
      for (let i = 0; i < 4; i++) fillers.push(net.connect({ host: '127.0.0.1', port }).on('error', () => undefined));
      await sleep(200);

      const t0 = Date.now();
      const frozen = await get(other.base, '/frozen');
      const answeredIn = Date.now() - t0;
      figures.frozenAnsweredMs = answeredIn;
      expect(frozen.status).toBe(502);
      expect(frozen.body.error.code).toBe('PRX_ERR_UPSTREAM');
      expect(answeredIn).toBeLessThan(5000);
      expect(metricValue(await other.metrics(), 'strangler_upstream_errors_total', { code: 'PRX_ERR_UPSTREAM' })).toBe(1);

      child.kill('SIGCONT');
      const back = Date.now();
      expect(await until(async () => (await get(other!.base, '/thawed')).status === 200, 200, 10)).toBe(true);
      figures.frozenRecoveryMs = Date.now() - back;
    } finally {
      for (const f of fillers) f.destroy();
      await other?.close();
      child.kill('SIGKILL');
    }
  });
});
