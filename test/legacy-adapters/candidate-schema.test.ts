import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { loadCandidateSchema } from '../../legacy-adapters/index.js';
import { seedSampleData } from '../../examples/sample-data/index.js';
import { startGraphqlService, sampleSchemaFile, createSampleSchema } from '../../examples/graphql-service/index.js';
import type { GraphqlService } from '../../examples/graphql-service/index.js';
import { refusedUrl } from './stub-server.js';

const dir = mkdtempSync(join(tmpdir(), 'strangler-schema-'));
let service: GraphqlService;
beforeAll(async () => {
  const dbFile = join(dir, 'sample.db');
  seedSampleData(dbFile, { users: 5, items: 5, inquiries: 5 });
  service = await startGraphqlService({ dbFile });
});
afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

const codeOf = async (p: Promise<unknown>) => p.then(() => undefined, (err: { code?: string }) => err.code);

describe('loadCandidateSchema', () => {
  it('introspects the live endpoint', async () => {
    const schema = await loadCandidateSchema({ url: service.url, schema: { from: 'introspection' }, timeoutMs: 2000 });
    expect(printSchema(schema)).toBe(printSchema(createSampleSchema()));
  });

  it('builds the schema from an SDL file', async () => {
    const schema = await loadCandidateSchema({ url: 'http://unused.invalid/graphql', schema: { from: 'sdl', file: sampleSchemaFile() }, timeoutMs: 2000 });
    expect(schema.getQueryType()?.getFields().inquiry).toBeDefined();
  });

  it('fails with ADP_ERR_SCHEMA_LOAD when the file is missing, the endpoint is down, or the answer is no schema', async () => {
    expect(await codeOf(loadCandidateSchema({ url: 'x', schema: { from: 'sdl', file: join(dir, 'missing.graphql') }, timeoutMs: 100 }))).toBe('ADP_ERR_SCHEMA_LOAD');
    expect(await codeOf(loadCandidateSchema({ url: await refusedUrl(), schema: { from: 'introspection' }, timeoutMs: 500 }))).toBe('ADP_ERR_SCHEMA_LOAD');
    service.setFailMode('graphql-error');
    try {
      expect(await codeOf(loadCandidateSchema({ url: service.url, schema: { from: 'introspection' }, timeoutMs: 500 }))).toBe('ADP_ERR_SCHEMA_LOAD');
    } finally {
      service.setFailMode('none');
    }
  });
});
