import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { compareBodies, NoiseModel, validateRules, type CompareRules } from '../../compare/index.js';
import { createGraphqlClient } from '../../legacy-adapters/index.js';
import { replyToInquiryAdapter } from '../../examples/adapters/index.js';
import { seedSampleData } from '../../examples/sample-data/index.js';
import { startLegacyCs } from '../../examples/legacy-cs/index.js';
import { startGraphqlService } from '../../examples/graphql-service/index.js';
import { buildDiffReport } from '../../reports/index.js';
import { adapterCandidate, createHttpReplay, createMemorySink, createRedactor, createShadowRunner } from '../../shadow/index.js';
import { FIXED_NOW } from '../examples/sample-stack.js';
import { send, startShadowFront } from './harness.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** `compare.generated` (values compared by shape) is compare/'s rule; this file's last test needs it. */
const GENERATED_RULE_KNOWN = validateRules({ generated: ['$.x'] }).length === 0;

/**
 * Legacy and the new stack as in production, not as in the sample stack's lockstep: each write makes a
 * new message id and stamps its own time. The candidate's database already holds one more message
 * (the dry run's id races legacy's real insert), and the two clocks tick apart.
 */
async function racingStack() {
  const dir = mkdtempSync(join(tmpdir(), 'strangler-write-noise-'));
  const legacyDb = join(dir, 'legacy.db');
  const graphqlDb = join(dir, 'graphql.db');
  seedSampleData(legacyDb);
  seedSampleData(graphqlDb);
  const db = new Database(graphqlDb);
  db.prepare("INSERT INTO messages (inquiry_id, sender_type, operator_id, body, created_at) VALUES (1, 'operator', 'op-x', 'earlier', ?)").run(FIXED_NOW);
  db.close();
  let legacyTicks = 0;
  let graphqlTicks = 0;
  const legacy = await startLegacyCs({ dbFile: legacyDb, now: () => FIXED_NOW + 61_000 * ++legacyTicks });
  const graphql = await startGraphqlService({ dbFile: graphqlDb, now: () => FIXED_NOW + 61_000 * ++graphqlTicks + 7_000 });
  closers.push(() => rmSync(dir, { recursive: true, force: true }), () => legacy.close(), () => graphql.close());
  return { legacy, graphql };
}

async function shadowReplies(rules: CompareRules) {
  const { legacy, graphql } = await racingStack();
  const client = createGraphqlClient({ url: graphql.url, timeoutMs: 5000 });
  const reads = createHttpReplay(legacy.url, { side: 'secondary', tag: 'effects' });
  closers.push(() => client.close(), () => reads.close());
  const sink = createMemorySink();
  const runner = createShadowRunner({
    shadow: { maxBodyBytes: 1024 * 1024, concurrency: 4, perRouteConcurrency: 4, queueSize: 16, timeoutMs: 5000 },
    routes: [{ id: 'reply', noise: 0, timeoutMs: null, rules, candidate: adapterCandidate(replyToInquiryAdapter, client) }],
    compare: compareBodies,
    noise: new NoiseModel(),
    redact: createRedactor({ keys: [], paths: [], secret: 'k' }),
    sink,
    legacy: reads,
  });
  const front = await startShadowFront(legacy.url, runner, 'reply', 1, (url) => ({ id: url.split('/')[3]! }));
  closers.push(front.close);
  for (const [id, status] of [['2', 'closed'], ['3', 'pending'], ['4', 'closed'], ['5', 'closed']] as const) {
    const answer = await send(front.url, {
      method: 'POST',
      path: `/api/inquiries/${id}/reply`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-operator-id': 'op-7', cookie: 'PHPSESSID=op7session' },
      body: new URLSearchParams({ body: 'ご連絡ありがとうございます。', status }).toString(),
    });
    expect(answer.status).toBe(200);
    await runner.idle();
  }
  return buildDiffReport([...sink.results], { flags: [], gateThresholds: { minSamples: 1, minMatch: 1, maxErrorRate: 0 }, generatedAt: new Date(0).toISOString() }).routes[0]!;
}

describe('write noise of the sample reply', () => {
  it('learns from successive writes that message_id and the inquiry\'s updated_at are generated, and only suggests them', async () => {
    const route = await shadowReplies({});
    // Nothing is silently ignored: the writes differ, and the report says where.
    expect(route.dryRun!.samples).toBe(4);
    expect(route.dryRun!.matchRate).toBeLessThan(1);
    expect([...route.writeNoise!.suggestedRules.generated].sort()).toEqual(['$.data.message_id', '$.effects.updated_at']);
    // The status the reply sets is never write noise: it matched on every write.
    expect(route.dryRun!.topPaths.map((p) => p.path)).not.toContain('$.effects.status');
  });

  it.runIf(GENERATED_RULE_KNOWN)('matches 100 % once the suggested generated rules are applied', async () => {
    const route = await shadowReplies({ generated: ['$.data.message_id', '$.effects.updated_at'] } as CompareRules);
    expect(route.dryRun!.samples).toBe(4);
    expect(route.dryRun!.matchRate).toBe(1);
  });
});
