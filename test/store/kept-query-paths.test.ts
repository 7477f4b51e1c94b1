import { describe, expect, it } from 'vitest';
import { buildDiffReport } from '../../reports/index.js';
import { redactStoredPath, storedRequestPath } from '../../shadow/index.js';
import { bothDatabases, makeResult, useStore } from './fixtures.js';

describe.each(bothDatabases('keptq'))('kept query paths on %s', (_dialect, makeFixture) => {
  const db = useStore(makeFixture);

  it('stores a result path with its kept query as is, and the diff report lists every distinct request from it', async () => {
    const keep = ['status', 'page', 'tag[]'];
    const urls = [
      '/api/inquiries?page=2&status=open&session=x',
      '/api/inquiries?status=open&page=2',
      '/api/inquiries?page=1&status=open',
      '/api/inquiries?status=closed&tag[]=a&tag[]=b&page=1',
      `/api/inquiries?${Array.from({ length: 300 }, (_, i) => `tag[]=long-tag-${i}`).join('&')}`,
    ];
    const results = urls.map((url, i) =>
      makeResult({
        routeId: 'inquiry-list-kq',
        path: redactStoredPath(storedRequestPath(url, keep), { secret: 'k' }),
        ts: 1_700_000_000_000 + i,
        equal: false,
        differences: [{ path: '$.rows[0].created_at', kind: 'changed', legacy: '2024-03-30 09:49:00', candidate: '2024-03-30T00:49:00Z' }],
        noise: [],
      }),
    );
    await db.store.insertShadowResults(results);
    const read = await db.store.shadowResults({ routeId: 'inquiry-list-kq' });
    expect(read.map((r) => r.path).sort()).toEqual(results.map((r) => r.path).sort());
    const top = buildDiffReport(read, { flags: [], gateThresholds: { minSamples: 1, minMatch: 1, maxErrorRate: 0 }, generatedAt: new Date(0).toISOString() })
      .routes[0]!.topPaths[0]!;
    expect(top.affectedTotal).toBe(4);
    expect(top.affected.slice(0, 4).map((a) => [a.path, a.count])).toEqual([
      ['/api/inquiries?status=open&page=2', 2],
      // free-text tags are hashed (deny by default); equal tags hash alike, so the request is still one
      [results[3]!.path, 1],
      ['/api/inquiries?status=open&page=1', 1],
      [results[4]!.path, 1],
    ]);
    // The long one was cut to fit MySQL's path column, visibly, and stored whole as cut.
    expect(results[4]!.path.endsWith('&…')).toBe(true);
  });
});
