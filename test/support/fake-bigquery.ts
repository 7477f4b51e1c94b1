import { createServer, type Server } from 'node:http';

/**
 * A stand-in for the BigQuery REST API on loopback (`apiEndpoint`): datasets and created tables exist,
 * `insertAll` succeeds, and every request body is kept for the test to search.
 */
export function fakeBigQuery(): { server: Server; bodies: string[] } {
  const bodies: string[] = [];
  const tables = new Set<string>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      bodies.push(raw);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const send = (status: number, obj: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(obj)); };
      const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, any>);
      if (req.method === 'GET') return tables.has(path) || /\/datasets\/[^/]+$/.test(path) ? send(200, {}) : send(404, { error: { code: 404, message: 'Not found', errors: [{ reason: 'notFound' }] } });
      if (path.endsWith('/tables')) { tables.add(`${path}/${body.tableReference.tableId}`); return send(200, body); }
      if (path.endsWith('/insertAll')) return send(200, { kind: 'bigquery#tableDataInsertAllResponse' });
      return send(200, body);
    });
  });
  return { server, bodies };
}
