import { describe, expect, it } from 'vitest';
import { DIFFS_PER_PAGE, differingResults, diffsPage } from '../../../admin/dashboard/diffs-pages.js';
import { makeResult } from '../../store/fixtures.js';

const session = { id: 's', csrf: 'c', actor: 'admin', expiresAt: Number.MAX_SAFE_INTEGER } as Parameters<typeof diffsPage>[0]['session'];
const differing = (path: string) => makeResult({ routeId: 'list', path, equal: false, differences: [{ path: '$.rows[0].at', kind: 'changed', legacy: 'a', candidate: 'b' }] });

describe('the diff browser', () => {
  it('filters by the request a result belongs to (kept query included)', () => {
    const results = [differing('/api/inquiries?status=open&page=2'), differing('/api/inquiries?status=closed&page=1')];
    const open = differingResults(results, { route: 'list', path: null, request: 'status=open' });
    expect(open.map((r) => r.path)).toEqual(['/api/inquiries?status=open&page=2']);
    expect(differingResults(results, { route: 'list', path: null, request: 'GET /api/inquiries' })).toHaveLength(2);
  });

  it('pages through the results, with links that keep the filters', () => {
    const results = Array.from({ length: DIFFS_PER_PAGE + 5 }, (_, i) => differing(`/api/inquiries?page=${i}`));
    const filter = { route: 'list', path: null, request: 'page' };
    const first = diffsPage({ routes: ['list'], filter, results, summary: null, session, page: 1 });
    expect(first.match(/>open<\/a>/g)).toHaveLength(DIFFS_PER_PAGE);
    expect(first).toContain('Page 1 of 2');
    expect(first).toContain('href="/dashboard/diffs?route=list&amp;request=page&amp;page=2"');
    const second = diffsPage({ routes: ['list'], filter, results, summary: null, session, page: 2 });
    expect(second.match(/>open<\/a>/g)).toHaveLength(5);
    expect(diffsPage({ routes: ['list'], filter, results, summary: null, session, page: 99 })).toContain('Page 2 of 2');
  });
});
