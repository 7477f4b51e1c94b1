import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * The keep-alive agent towards legacy. Node's agent shortens a pooled socket's timeout to legacy's
 * `Keep-Alive: timeout=N` hint minus 1 s (right for an idle socket: close it before legacy does), but
 * never restores it when the socket is reused, so the next request on it was cut at N - 1 s instead
 * of `legacy.timeoutMs` (Apache's `timeout=5` cut answers at 4 s). Reuse restores the request timeout.
 */
export function createLegacyAgent(protocol: string, timeoutMs: number): http.Agent {
  const options = { keepAlive: true, maxFreeSockets: 256, ...(timeoutMs > 0 ? { timeout: timeoutMs } : {}) };
  const Base = protocol === 'https:' ? https.Agent : http.Agent;
  class LegacyAgent extends Base {
    override reuseSocket(socket: Duplex, req: http.ClientRequest): void {
      super.reuseSocket(socket as net.Socket, req);
      const s = socket as net.Socket;
      if (s.timeout !== timeoutMs) s.setTimeout(timeoutMs);
    }
  }
  return new LegacyAgent(options);
}
