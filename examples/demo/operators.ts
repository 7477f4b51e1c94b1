import { setMaxListeners } from 'node:events';
import { request, Agent } from 'undici';
import { createPrng, type Prng } from '../sample-data/prng.js';

/** What the simulated operators did, for the demo's progress line and summary. */
export interface OperatorStats {
  requests: number;
  errors: number;
  casesStarted: number;
  casesReplied: number;
  casesAbandoned: number;
}

/** Options of {@link driveOperators}. */
export interface DriveOperatorsOptions {
  /** Base URL of the proxy the operators work through. */
  proxyUrl: string;
  operators: number;
  /** Median think time in ms (log-normal, the same distribution for every operator and both arms). */
  thinkMedianMs: number;
  /** Inquiry ids to pick cases from (the seeded data). */
  inquiries: number;
  seed: number;
  signal: AbortSignal;
}

/**
 * Simulated CS operators handling cases through the proxy: open the inquiry list, open one inquiry
 * (the case starts), look at the item and the user, sometimes hide the item, and reply (the case ends);
 * a few cases are left without a reply (abandoned). Think times are drawn from ONE log-normal
 * distribution for everybody, so an AHT difference between the arms comes only from the stacks.
 */
export async function driveOperators(options: DriveOperatorsOptions): Promise<OperatorStats> {
  const stats: OperatorStats = { requests: 0, errors: 0, casesStarted: 0, casesReplied: 0, casesAbandoned: 0 };
  // Every operator's requests and sleeps listen on the one stop signal.
  setMaxListeners(0, options.signal);
  const dispatcher = new Agent({ connections: options.operators * 2, keepAliveTimeout: 10_000 });
  try {
    await Promise.all(
      Array.from({ length: options.operators }, (_, i) =>
        operatorLoop(`op-${String(i + 1).padStart(3, '0')}`, createPrng(options.seed * 1000 + i), options, stats, dispatcher),
      ),
    );
  } finally {
    await dispatcher.close();
  }
  return stats;
}

async function operatorLoop(operatorId: string, prng: Prng, o: DriveOperatorsOptions, stats: OperatorStats, dispatcher: Agent): Promise<void> {
  let cookie = '';
  const call = async (method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<unknown> => {
    const headers: Record<string, string> = { 'x-operator-id': operatorId, accept: 'application/json' };
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    stats.requests++;
    try {
      const res = await request(o.proxyUrl + path, { method, headers, body, dispatcher, signal: o.signal });
      const setCookie = res.headers['set-cookie'];
      if (!cookie && setCookie) cookie = String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0];
      const text = await res.body.text();
      if (res.statusCode >= 500) stats.errors++;
      return res.statusCode < 300 ? JSON.parse(text) : null;
    } catch (err) {
      if (o.signal.aborted) throw err;
      stats.errors++;
      return null;
    }
  };
  const think = () => sleep(logNormal(prng, o.thinkMedianMs, 0.6), o.signal);

  try {
    while (!o.signal.aborted) {
      await call('GET', `/api/inquiries?status=open&page=${prng.int(1, 3)}`);
      await think();
      const id = prng.int(1, o.inquiries);
      stats.casesStarted++;
      const detail = (await call('GET', `/api/inquiries/${id}`)) as { data?: { item?: { item_id?: string } | null; user?: { user_id?: string } } } | null;
      await think();
      const itemId = detail?.data?.item?.item_id;
      const userId = detail?.data?.user?.user_id;
      if (itemId) {
        await call('GET', `/api/items/${itemId}`);
        await think();
      }
      if (userId) {
        await call('GET', `/api/users/${userId}`);
        await think();
      }
      if (prng.next() < 0.06) {
        stats.casesAbandoned++;
        continue;
      }
      if (itemId && prng.next() < 0.1) {
        await call('POST', `/api/items/${itemId}/hide`, { reason: '規約違反の疑い' });
        await think();
      }
      await call('POST', `/api/inquiries/${id}/reply`, { body: 'お問い合わせありがとうございます。確認いたします。', status: 'pending' });
      stats.casesReplied++;
      await think();
    }
  } catch (err) {
    if (!o.signal.aborted) throw err;
  }
}

/** A log-normal draw with the given median (ms) and shape sigma (Box–Muller). */
function logNormal(prng: Prng, medianMs: number, sigma: number): number {
  const u = Math.max(prng.next(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * prng.next());
  return medianMs * Math.exp(sigma * z);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
