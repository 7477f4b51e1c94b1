import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { startStrangler, type RunningStrangler } from '../../../runtime/index.js';
import { startSampleStack, type SampleStack } from '../../../examples/sample-stack/index.js';
import { exampleAdapters } from '../../../examples/adapters/index.js';

// The whole loop an engineer walks through: log in to the dashboard, flip a route from legacy to shadow
// with a reason and the confirmation step, and see the running proxy start shadowing that route.
const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'e2e-flip-token-0123456789abcdef';
const OUTPUT = join(process.cwd(), 'test-output');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the dashboard flip test: ${CHROMIUM} is absent (apt-get install chromium)`);

describe.skipIf(!hasChromium)('dashboard flip → the proxy shadows', () => {
  let dir: string;
  let stack: SampleStack;
  let strangler: RunningStrangler;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strangler-e2e-flip-'));
    stack = await startSampleStack({ dbFile: join(dir, 'sample.db') });
    const config = loadConfig({
      overrides: {
        ...stack.configOverrides(),
        server: { port: 0, host: '127.0.0.1' },
        admin: { port: 0, host: '127.0.0.1' },
        store: { url: `sqlite:${join(dir, 'strangler.db')}`, flushIntervalMs: 50 },
        routes: [{ id: 'item', method: 'GET', path: '/api/items/:id', adapter: 'item', mode: 'legacy' }],
      },
      env: { STRANGLER_ADMIN_TOKEN: TOKEN },
    });
    strangler = await startStrangler(config, { logger: pino({ level: 'silent' }), builtInAdapters: exampleAdapters });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await strangler?.close();
    await stack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const browse = async (n: number) => {
    for (let i = 1; i <= n; i++) {
      const res = await fetch(`http://127.0.0.1:${strangler.proxy.port}/api/items/${i}`, { headers: { 'x-operator-id': 'op-1', cookie: 'PHPSESSID=op1session' } });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  };

  it('starts shadowing the route once it is flipped in the browser', async () => {
    await browse(5);
    await strangler.writer.flush();
    expect(await strangler.store.shadowResults({ routeId: 'item' })).toHaveLength(0);

    const base = `http://127.0.0.1:${strangler.proxy.adminPort}`;
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/dashboard`);
    await page.fill('#token', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/dashboard`);
    const row = page.locator('tr[data-route="item"]');
    await row.getByRole('link', { name: 'change' }).click();
    await page.selectOption('#mode', 'shadow');
    await page.fill('#sample', '1');
    await page.fill('#reason', 'compare item pages with the new stack');
    await page.click('button[type=submit]:has-text("Review change")');
    await page.click('#confirm');
    await page.waitForURL(/\/dashboard\?changed=item$/);
    expect(await row.locator('[data-k="mode"]').textContent()).toBe('shadow');

    // The dashboard reloads this instance's flags at once: the very next requests are shadowed.
    await browse(5);
    await strangler.shadow!.runner.idle();
    await strangler.writer.flush();
    const results = await strangler.store.shadowResults({ routeId: 'item' });
    expect(results.length).toBe(5);
    expect(results.every((r) => r.kind === 'read' && r.equal)).toBe(true);

    await page.goto(`${base}/dashboard/diffs?route=item`);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'dashboard-after-flip.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
