import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';

// The newcomer's first command, end to end: `strangler demo` on nothing but the installed package.
const run = promisify(execFile);
const cli = resolve(import.meta.dirname, '../../../dist/cli/main.js');

describe('strangler demo', () => {
  it('runs the whole loop and writes the diff and AHT reports in three formats', async () => {
    const out = mkdtempSync(join(tmpdir(), 'strangler-demo-'));
    const { stdout } = await run(process.execPath, [cli, 'demo', '--duration', '8', '--out', out], { timeout: 60_000 });
    expect(stdout).toMatch(/dashboard\s+http:\/\/127\.0\.0\.1:\d+\/dashboard\//);
    expect(stdout).toMatch(/reports in /);

    for (const name of ['diff-report', 'aht-report']) {
      for (const ext of ['html', 'md', 'json']) expect(existsSync(join(out, `${name}.${ext}`))).toBe(true);
    }
    const diff = JSON.parse(readFileSync(join(out, 'diff-report.json'), 'utf8'));
    const byRoute = Object.fromEntries(diff.routes.map((r: { routeId: string }) => [r.routeId, r]));
    // Shadow and canary-with-sample routes were compared; the planted numeric price was found.
    expect(byRoute['inquiry-list'].samples).toBeGreaterThan(0);
    expect(byRoute['inquiry-detail'].samples).toBeGreaterThan(0);
    expect(JSON.stringify(byRoute['inquiry-detail'].topPaths)).toContain('$.data.item.price');
    // The reply is compared as a dry run against legacy's real write.
    expect(byRoute['reply'].dryRun?.samples ?? 0).toBeGreaterThan(0);

    const aht = JSON.parse(readFileSync(join(out, 'aht-report.json'), 'utf8'));
    const inquiry = aht.cases.find((c: { name: string }) => c.name === 'inquiry');
    expect(inquiry.arms.legacy.n).toBeGreaterThan(0);
    expect(inquiry.arms.new.n).toBeGreaterThan(0);
    expect(['new-faster', 'new-slower', 'no-difference', 'inconclusive']).toContain(inquiry.verdict);

    // Every request was logged, on both sides, and no raw e-mail of the sample users reached the store or a report.
    const db = new Database(join(out, 'strangler.db'), { readonly: true });
    const served = db.prepare('SELECT served_by, COUNT(*) AS n FROM request_events GROUP BY served_by').all() as { served_by: string; n: number }[];
    const stored = db.prepare('SELECT id FROM request_events').all() as { id: string }[];
    db.close();
    // The log is whole when the demo returns: one JSON line per stored request, with the same ids.
    const logged = readFileSync(join(out, 'proxy.log'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { msg: string; id?: string });
    expect(logged.filter((l) => l.msg === 'request').map((l) => l.id).sort()).toEqual(stored.map((r) => r.id).sort());
    expect(served.map((r) => r.served_by).sort()).toEqual(['legacy', 'new']);
    const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
    for (const f of ['diff-report.html', 'diff-report.md', 'diff-report.json', 'aht-report.html']) {
      expect(readFileSync(join(out, f), 'utf8')).not.toMatch(email);
    }
  }, 90_000);
});
