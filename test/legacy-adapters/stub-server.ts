import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A throw-away HTTP server on port 0 that counts connections and requests. */
export interface Stub {
  url: string;
  connections(): number;
  requests(): IncomingMessage[];
  close(): Promise<void>;
}

/** Start a server answering with `handler`. */
export async function startStub(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<Stub> {
  let connections = 0;
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    connections: () => connections,
    requests: () => seen,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** A URL on which nothing listens (a port that was just freed). */
export async function refusedUrl(): Promise<string> {
  const stub = await startStub(() => undefined);
  await stub.close();
  return stub.url;
}

/** Send `value` as JSON. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
