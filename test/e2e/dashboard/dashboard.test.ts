import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { seedFlags } from '../../../flags/index.js';
import { startProxy } from '../../../proxy/index.js';
import type { RunningProxy } from '../../../proxy/index.js';
import { dashboardRoutes } from '../../../admin/index.js';
import { openStore } from '../../../store/index.js';
import type { Store } from '../../../store/index.js';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'e2e-dashboard-token-0123456789abcdef';
const OUTPUT = join(process.cwd(), 'test-output');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the dashboard browser test: ${CHROMIUM} is absent (apt-get install chromium)`);

describe.skipIf(!hasChromium)('dashboard in a real browser', () => {
  let dir: string;
  let store: Store;
  let legacy: Server;
  let proxy: RunningProxy;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strangler-e2e-dashboard-'));
    store = await openStore(`sqlite:${join(dir, 'strangler.db')}`);
    legacy = createServer((_req, res) => res.end('{"ok":true}'));
    await new Promise<void>((resolve) => legacy.listen(0, '127.0.0.1', resolve));
    const config = loadConfig({
      overrides: {
        legacy: `http://127.0.0.1:${(legacy.address() as AddressInfo).port}`,
        server: { port: 0, host: '127.0.0.1' },
        admin: { port: 0, host: '127.0.0.1' },
        routes: [
          { id: 'item-detail', method: 'GET', path: '/api/items/:id', mode: 'legacy' },
          { id: 'user-show', method: 'GET', path: '/api/users/:id', mode: 'legacy' },
        ],
      },
      env: { STRANGLER_ADMIN_TOKEN: TOKEN },
    });
    await seedFlags(store, config.routes);
    proxy = await startProxy(config, { logger: pino({ level: 'silent' }), adminPlugins: [dashboardRoutes({ store })] });
    base = `http://127.0.0.1:${proxy.adminPort}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await new Promise((resolve) => legacy?.close(resolve));
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with the token, flips a route from legacy to shadow through the confirmation step, and sees it', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) external.push(r.url());
    });

    page.setDefaultTimeout(8000);
    await page.goto(`${base}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await page.fill('#token', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/dashboard`);
    const row = page.locator('tr[data-route="item-detail"]');
    expect(await row.locator('[data-k="mode"]').textContent()).toBe('legacy');

    await row.getByRole('link', { name: 'change' }).click();
    await page.selectOption('#mode', 'shadow');
    await page.fill('#sample', '1');
    await page.fill('#reason', 'start shadowing item detail');
    await page.click('button[type=submit]:has-text("Review change")');
    await page.waitForSelector('#confirm');
    expect(await page.locator('#gate').textContent()).toContain('samples');
    await page.click('#confirm');

    await page.waitForURL(/\/dashboard\?changed=item-detail$/);
    expect(await page.locator('.flash').textContent()).toContain('item-detail');
    expect(await row.locator('[data-k="mode"]').textContent()).toBe('shadow');
    expect((await store.listFlags()).find((f) => f.routeId === 'item-detail')).toMatchObject({ mode: 'shadow', sample: 1, updatedBy: 'admin' });

    // Live refresh: a change made elsewhere shows up without reloading (the inline script runs under the CSP).
    await store.setFlag({ routeId: 'user-show', mode: 'shadow', percent: 0, sample: 0.25, actor: 'cli:test', reason: 'from the CLI' });
    await page.locator('tr[data-route="user-show"] [data-k="sample"]').filter({ hasText: '0.25' }).waitFor({ timeout: 15_000 });

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'dashboard-routes.png'), fullPage: true });

    await page.click('nav a:has-text("Audit")');
    expect(await page.locator('#audit').textContent()).toContain('start shadowing item detail');
    await page.screenshot({ path: join(OUTPUT, 'dashboard-audit.png'), fullPage: true });
    await page.click('nav a:has-text("AHT")');
    await page.waitForSelector('section#cases');
    expect(await page.locator('h1').textContent()).toBe('AHT report');

    // Regression: `/dashboard/`, the URL the demo and the README print, was a 404.
    await page.goto(`${base}/dashboard/`);
    expect(await page.locator('tr[data-route="item-detail"] [data-k="mode"]').textContent()).toBe('shadow');
    // The route over time: traffic and match rate drawn as two charts.
    await page.locator('tr[data-route="item-detail"]').getByRole('link', { name: 'over time' }).click();
    await page.waitForSelector('svg.chart');
    expect(await page.locator('svg.chart').count()).toBe(2);
    await page.screenshot({ path: join(OUTPUT, 'dashboard-series.png'), fullPage: true });
    expect(external).toEqual([]);
    await page.close();
  });
});
