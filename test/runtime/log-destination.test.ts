import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createLogDestination } from '../../runtime/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strangler-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createLogDestination', () => {
  it('keeps every line whole and in order, also when closed while a write is in flight', async () => {
    const file = join(dir, 'in-order.ndjson');
    const destination = createLogDestination(file);
    const logger = pino({ base: null }, destination.stream);
    const text = 'あいう "quoted" \\ \u2028 tab\t';
    // Batches separated by a turn of the event loop, as requests are: writes start and overlap. The
    // last batch is followed by close() in the same turn, while the write before it is in flight.
    for (let batch = 0; batch < 200; batch++) {
      if (batch > 0) await new Promise((resolve) => setImmediate(resolve));
      for (let k = 0; k < 100; k++) logger.info({ i: batch * 100 + k, text }, 'request');
    }
    await destination.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { i: number; text: string });
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
    expect(lines[19_999]).toMatchObject({ level: 30, msg: 'request', text });
  });

  it('writes a lone line of a quiet process within about a second', async () => {
    const file = join(dir, 'quiet.ndjson');
    const destination = createLogDestination(file);
    pino({ base: null }, destination.stream).info({ path: '/one' }, 'request');
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 3_000, interval: 100 }).toContain('"path":"/one"');
    await destination.close();
  });
});
