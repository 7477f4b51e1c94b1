import { describe, it, expect, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { compareBodies, NoiseModel } from '../../compare/index.js';
import { createGraphqlClient } from '../../legacy-adapters/index.js';
import { replyToInquiryAdapter } from '../../examples/adapters/index.js';
import { defineAdapter } from '../../legacy-adapters/index.js';
import { adapterCandidate, createComparePool, createHttpReplay, createMemorySink, createRedactor, createShadowRunner, type HttpReplay, type ShadowCandidate } from '../../shadow/index.js';
import { startSampleStack } from '../examples/sample-stack.js';
import { send, startShadowFront } from './harness.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const countMessages = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

// Threads started from TypeScript sources need a loader (the compiled build does not).
const execArgv = ['--import', new URL('./ts-loader/register.mjs', import.meta.url).href];

type RunnerOptions = Parameters<typeof createShadowRunner>[0];

/** Shadow one reply (`POST /api/inquiries/2/reply`, status closed) on the `reply` route; returns the stored results. */
async function shadowOneReply(
  legacyUrl: string,
  candidate: RunnerOptions['routes'][number]['candidate'],
  parts: { offload: RunnerOptions['offload']; legacy: RunnerOptions['legacy'] },
) {
  const sink = createMemorySink();
  const runner = createShadowRunner({
    shadow: { maxBodyBytes: 1024 * 1024, concurrency: 4, perRouteConcurrency: 4, queueSize: 16, timeoutMs: 5000 },
    // headers: [] as in the first test: the sample reply adapter does not pass on legacy's session cookie (a finding of its own).
    routes: [{ id: 'reply', noise: 0, timeoutMs: null, rules: { headers: [] }, candidate }],
    ...(parts.offload ? { offload: parts.offload } : {}),
    compare: compareBodies,
    noise: new NoiseModel(),
    redact: createRedactor({ keys: [], paths: [], secret: 'k' }),
    sink,
    legacy: parts.legacy,
  });
  const front = await startShadowFront(legacyUrl, runner, 'reply', 1, (url) => ({ id: url.split('/')[3]! }));
  closers.push(front.close);
  await send(front.url, {
    method: 'POST',
    path: '/api/inquiries/2/reply',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-operator-id': 'op-7' },
    body: new URLSearchParams({ body: '確認いたします。', status: 'closed' }).toString(),
  });
  await runner.idle();
  return sink.results;
}

describe('adapterCandidate', () => {
  it.each([
    ['called on the event loop', false],
    ['called from a shadow thread that imports the adapter itself', true],
  ])('compares the sample reply mutation as a dry run with legacy\'s real write, and the candidate writes nothing (%s)', async (_where, inThread) => {
    const stack = await startSampleStack();
    const client = createGraphqlClient({ url: stack.graphql.url, timeoutMs: 5000 });
    closers.push(stack.close, () => client.close());
    const sink = createMemorySink();
    const from = {
      sources: { dirs: [], modules: [new URL('../../examples/adapters/index.ts', import.meta.url).href] },
      graphql: { url: stack.graphql.url, timeoutMs: 5000 },
    };
    const built = adapterCandidate(replyToInquiryAdapter, client, { from });
    let callsHere = 0;
    const candidate: ShadowCandidate = { dryRun: built.dryRun, recipe: built.recipe, effects: built.effects, call: (req, o) => (callsHere++, built.call(req, o)) };
    const replay = createHttpReplay(stack.legacy.url, { side: 'secondary', tag: 'effects' });
    closers.push(() => replay.close());
    const reads: string[] = [];
    const legacyReads: HttpReplay = { close: replay.close, call: (req, o) => (reads.push(`${req.method} ${req.url}`), replay.call(req, o)) };
    const offload = inThread
      ? createComparePool({
          size: 1, execArgv, routes: [{ id: 'reply', rules: {} }], redact: { secret: 'k' }, maxDecodedBytes: 1024 * 1024,
          candidates: [{ id: 'reply', recipe: built.recipe! }],
        })
      : null;
    if (offload) {
      closers.push(() => offload.close());
      await offload.ready;
    }
    const runner = createShadowRunner({
      shadow: { maxBodyBytes: 1024 * 1024, concurrency: 4, perRouteConcurrency: 4, queueSize: 16, timeoutMs: 5000 },
      // The sample adapter sends neither legacy's PHPSESSID cookie nor its Cache-Control (a header
      // finding of its own); this test pins the dry run's body, so it compares no headers.
      routes: [{ id: 'reply', noise: 1, timeoutMs: null, rules: { headers: [] }, candidate }],
      offload,
      compare: compareBodies,
      noise: new NoiseModel(),
      redact: createRedactor({ keys: [], paths: [], secret: 'k' }),
      sink,
      legacy: legacyReads,
    });
    const front = await startShadowFront(stack.legacy.url, runner, 'reply', 1, (url) => ({ id: url.split('/')[3]! }));
    closers.push(front.close);
    const legacyBefore = countMessages(stack.legacyDb);
    const candidateBefore = countMessages(stack.graphqlDb);

    const answer = await send(front.url, {
      method: 'POST',
      path: '/api/inquiries/2/reply',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-operator-id': 'op-7' },
      body: new URLSearchParams({ body: 'ご連絡ありがとうございます。', status: 'closed' }).toString(),
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString()).data).toMatchObject({ inquiry_id: '2', status: 'closed' });
    await runner.idle();

    // Legacy wrote the reply; the candidate ran the dry run and rolled it back.
    expect(countMessages(stack.legacyDb)).toBe(legacyBefore + 1);
    expect(countMessages(stack.graphqlDb)).toBe(candidateBefore);
    expect(sink.results).toHaveLength(1);
    expect(sink.results[0]).toMatchObject({
      kind: 'dry-run',
      method: 'POST',
      path: '/api/inquiries/2/reply',
      statusPrimary: 200,
      statusCandidate: 200,
      candidateError: null,
      equal: true,
      differences: [],
    });
    expect(callsHere).toBe(inThread ? 0 : 1);
    // The side effects were compared too: legacy's inquiry was read back, once, after its real write.
    expect(reads).toEqual(['GET /api/inquiries/2']);
  });

  it.each([
    ['called on the event loop', false],
    ['compared in a shadow thread', true],
  ])('reports a wrong status in the dry run\'s side effects under $.effects, though the answers match (%s)', async (_where, inThread) => {
    const stack = await startSampleStack();
    const client = createGraphqlClient({ url: stack.graphql.url, timeoutMs: 5000 });
    closers.push(stack.close, () => client.close());
    // The reply adapter with a planted bug in what its dry run says the inquiry becomes.
    const buggy = defineAdapter({
      ...replyToInquiryAdapter,
      effects: { ...replyToInquiryAdapter.effects!, candidate: (result, req) => ({ ...replyToInquiryAdapter.effects!.candidate(result, req), status: 'pending' }) },
    });
    const built = adapterCandidate(buggy, client);
    const offload = inThread
      ? createComparePool({ size: 1, execArgv, routes: [{ id: 'reply', rules: {} }], redact: { secret: 'k' }, maxDecodedBytes: 1024 * 1024 })
      : null;
    if (offload) {
      closers.push(() => offload.close());
      await offload.ready;
    }
    const legacyReads = createHttpReplay(stack.legacy.url, { side: 'secondary', tag: 'effects' });
    closers.push(() => legacyReads.close());
    const results = await shadowOneReply(stack.legacy.url, built, { offload, legacy: legacyReads });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      kind: 'dry-run',
      statusPrimary: 200,
      statusCandidate: 200,
      equal: false,
      differences: [{ path: '$.effects.status', kind: 'changed', legacy: 'closed', candidate: 'pending' }],
    });
  });

  it('reports side effects it could not check as a difference, never as a match', async () => {
    const stack = await startSampleStack();
    const client = createGraphqlClient({ url: stack.graphql.url, timeoutMs: 5000 });
    closers.push(stack.close, () => client.close());
    const results = await shadowOneReply(stack.legacy.url, adapterCandidate(replyToInquiryAdapter, client), { offload: null, legacy: null });
    expect(results[0]).toMatchObject({ equal: false, differences: [{ path: '$.effects', kind: 'changed', candidate: { status: 'closed' } }] });
  });
});
