import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';

// The README shows this file as the config reference: it must stay valid.
describe('examples/strangler.example.yaml', () => {
  it('loads, validates and keeps what it says', () => {
    const config = loadConfig({ file: join(resolve(import.meta.dirname, '../..'), 'examples/strangler.example.yaml') });
    expect(config.routes.map((r) => `${r.id}:${r.mode}`)).toEqual(['inquiry-list:shadow', 'inquiry-detail:canary', 'reply:canary', 'user:new']);
    expect(config.routes[1]).toMatchObject({ percent: 10, group: 'inquiry-case', methods: ['GET'] });
    expect(config.aht.cases[0]).toMatchObject({ name: 'inquiry', param: 'id', end: ['POST /api/inquiries/:id/reply'] });
    expect(config.aht.maxDurationMs).toBe(4 * 3600_000);
    expect(config.store.url.startsWith('mysql://')).toBe(true);
    expect(config.shutdown.drainDelayMs).toBe(10_000);
  });
});
