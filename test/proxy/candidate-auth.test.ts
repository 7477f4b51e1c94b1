import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { createGraphqlClient } from '../../legacy-adapters/index.js';
import { candidateClientOptions } from '../../proxy/candidate-stack.js';

// Candidate auth from config: static headers with ${env:NAME} read at load, and mTLS files, against
// real GraphQL endpoints on port 0 that refuse calls without them.

const TOKEN = 's3cr3t-candidate-token-value';
let dir: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strangler-candidate-auth-'));
  // One self-signed certificate serves as CA, server and client certificate.
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
});

afterAll(async () => {
  for (const close of closers) await close();
  rmSync(dir, { recursive: true, force: true });
});

/** A GraphQL endpoint answering `{ ping }`, with what it saw of each call. */
function graphqlHandler(seen: http.IncomingHttpHeaders[], allow: (req: http.IncomingMessage) => boolean) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (!allow(req)) {
        res.statusCode = 401;
        res.end(JSON.stringify({ errors: [{ message: 'unauthorised' }] }));
        return;
      }
      res.end(JSON.stringify({ data: { ping: 'pong' } }));
    });
  };
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  closers.push(() => new Promise<void>((ok) => {
    server.close(() => ok());
    server.closeAllConnections();
  }));
  return (server.address() as AddressInfo).port;
}

describe('candidate auth', () => {
  it('sends candidate.headers with ${env:NAME} expanded on every call, with the incoming traceparent', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const port = await listen(http.createServer(graphqlHandler(seen, (req) => req.headers.authorization === `Bearer ${TOKEN}`)));
    const config = loadConfig({
      env: { CANDIDATE_TOKEN: TOKEN },
      overrides: { legacy: { url: 'http://127.0.0.1:1' }, candidate: { url: `http://127.0.0.1:${port}/graphql`, headers: { Authorization: 'Bearer ${env:CANDIDATE_TOKEN}', 'X-Tenant': 'cs' } } },
    });
    const client = createGraphqlClient(candidateClientOptions(config.candidate!));
    closers.push(() => client.close());
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const result = await client.execute({ document: '{ ping }' }, { requestId: 'req-1', traceparent });
    expect(result.data).toEqual({ ping: 'pong' });
    expect(seen[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]!['x-tenant']).toBe('cs');
    expect(seen[0]!.traceparent).toBe(traceparent);
    expect(seen[0]!['x-request-id']).toBe('req-1');
  });

  it('refuses to start without the variable a header names, naming the key and never the secret', () => {
    let issues: { path: string; value: unknown; expected: string; fix: string }[] = [];
    try {
      loadConfig({ env: {}, overrides: { legacy: { url: 'http://127.0.0.1:1' }, candidate: { url: 'http://127.0.0.1:2/graphql', headers: { Authorization: 'Bearer ${env:CANDIDATE_TOKEN}' } } } });
    } catch (err) {
      expect((err as { code: string }).code).toBe('CFG_ERR_INVALID');
      issues = (err as { issues: typeof issues }).issues;
    }
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('candidate.headers.Authorization');
    expect(issues[0]!.value).toBe('Bearer ${env:CANDIDATE_TOKEN}');
    expect(issues[0]!.expected).toContain('CANDIDATE_TOKEN');
  });

  it('refuses headers the client sets itself, bad names, CR/LF values and half a client certificate, without echoing literal values', () => {
    let issues: { path: string; value: unknown }[] = [];
    try {
      loadConfig({
        env: { BROKEN: 'a\r\nInjected: 1' },
        overrides: {
          legacy: { url: 'http://127.0.0.1:1' },
          candidate: {
            url: 'http://127.0.0.1:2/graphql',
            headers: { 'Content-Length': '5', 'Bad Name': 'x', 'X-Broken': '${env:BROKEN}', 'X-Literal': 'literal-secret\n' },
            tls: { cert: join(dir, 'cert.pem'), ca: join(dir, 'missing.pem') },
          },
        },
      });
    } catch (err) {
      issues = (err as { issues: typeof issues }).issues;
    }
    expect(issues.map((i) => i.path).sort()).toEqual([
      'candidate.headers.Bad Name', 'candidate.headers.Content-Length', 'candidate.headers.X-Broken', 'candidate.headers.X-Literal',
      'candidate.tls', 'candidate.tls.ca', 'candidate.tls.key',
    ]);
    expect(JSON.stringify(issues)).not.toContain('literal-secret');
    expect(JSON.stringify(issues)).not.toContain('Injected');
  });

  it('presents the client certificate from candidate.tls to an https candidate that requires one (mTLS)', async () => {
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'cert.pem'));
    const seen: http.IncomingHttpHeaders[] = [];
    const server = https.createServer({ key, cert, ca: cert, requestCert: true, rejectUnauthorized: true }, graphqlHandler(seen, () => true));
    const port = await listen(server);
    const url = `https://127.0.0.1:${port}/graphql`;
    const config = loadConfig({
      overrides: { legacy: { url: 'http://127.0.0.1:1' }, candidate: { url, tls: { ca: join(dir, 'cert.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') } } },
    });
    const client = createGraphqlClient(candidateClientOptions(config.candidate!));
    closers.push(() => client.close());
    expect((await client.execute({ document: '{ ping }' })).data).toEqual({ ping: 'pong' });

    // Without the client certificate the server refuses the handshake.
    const bare = createGraphqlClient({ url, timeoutMs: 2000, tls: { ca: cert.toString() } });
    closers.push(() => bare.close());
    await expect(bare.execute({ document: '{ ping }' })).rejects.toMatchObject({ code: 'ADP_ERR_CONNECT' });
    expect(seen).toHaveLength(1);
  });
});
