import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSampleStack } from '../../../examples/sample-stack/index.js';
import { createAdapterRequest, createGraphqlClient, runAdapter } from '../../../legacy-adapters/index.js';
import { replyToInquiryAdapter } from '../../../examples/adapters/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strangler-stack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startSampleStack', () => {
  it('seeds one file that both services share: a write through the new stack shows on legacy', async () => {
    const stack = await startSampleStack({ dbFile: join(dir, 'shared.db'), seed: { users: 5, items: 10, inquiries: 5 } });
    const client = createGraphqlClient({ url: stack.graphql.url, timeoutMs: 5000 });
    try {
      expect(stack.seeded).toMatchObject({ users: 5, inquiries: 5 });
      expect(stack.schemaFile).toMatch(/schema\.graphql$/);
      const req = createAdapterRequest({
        method: 'POST',
        rawPath: '/api/inquiries/1/reply',
        params: { id: '1' },
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: '新しい画面から返信', status: 'closed' }),
      });
      expect((await runAdapter(replyToInquiryAdapter, client, req)).ok).toBe(true);
      const detail = (await (await fetch(`${stack.legacy.url}/api/inquiries/1`)).json()) as { data: { status: string; messages: { body: string }[] } };
      expect(detail.data.status).toBe('closed');
      expect(detail.data.messages.at(-1)?.body).toBe('新しい画面から返信');
    } finally {
      await client.close();
      await stack.close();
    }
  });

  it('keeps existing rows with seed: false', async () => {
    const stack = await startSampleStack({ dbFile: join(dir, 'shared.db'), seed: false });
    try {
      expect(stack.seeded).toBeNull();
      const detail = (await (await fetch(`${stack.legacy.url}/api/inquiries/1`)).json()) as { data: { status: string } };
      expect(detail.data.status).toBe('closed');
    } finally {
      await stack.close();
    }
  });
});
