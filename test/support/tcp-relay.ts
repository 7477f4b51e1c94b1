import net, { type AddressInfo } from 'node:net';

/** A raw TCP server on port 0 (or a given port) whose handler gets each socket. */
export async function startTcp(onSocket: (socket: net.Socket) => void, port = 0): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
    onSocket(s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP relay on port 0 in front of host:port that can be cut (every connection dropped) and restored on the same port. */
export interface TcpRelay {
  port: number;
  /** Drop every connection and refuse new ones (a stopped database). */
  stop(): Promise<void>;
  /** Keep connections open but pass no byte either way, new ones included (a hung database). */
  freeze(): void;
  /** New connections pass again; the frozen ones stay frozen (a failover that left the old server silent). */
  failover(): void;
  /** Listen again on the same port (after stop). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Start a relay to `target` (e.g. the machine's MariaDB). */
export async function startRelay(host: string, targetPort: number): Promise<TcpRelay> {
  let current: Awaited<ReturnType<typeof startTcp>> | null = null;
  let frozen = false;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const pipe = (client: net.Socket) => {
    if (frozen) return; // accepted, never answered
    const upstream = net.connect({ host, port: targetPort });
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    upstream.on('error', () => client.destroy());
    client.on('close', () => {
      upstream.destroy();
      pairs.delete(pair);
    });
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  };
  current = await startTcp(pipe);
  const port = current.port;
  return {
    port,
    async stop() {
      await current?.close();
      current = null;
      frozen = false;
    },
    freeze() {
      frozen = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    failover() {
      frozen = false;
    },
    async start() {
      current ??= await startTcp(pipe, port);
    },
    async close() {
      await current?.close();
      current = null;
    },
  };
}
