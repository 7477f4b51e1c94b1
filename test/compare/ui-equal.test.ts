import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, NoiseModel, compareBodies, compareJson } from '../../compare/index.js';

const json = (legacy: string, candidate: string, rules = {}) => compareBodies({ contentType: 'application/json', legacy, candidate, rules });

describe('with no rules, equal only when a client sees the same JSON', () => {
  it('key order, whitespace and escapes do not count', () => {
    expect(json('{"a":"\\u3042","b":[1, 2]}', '{ "b": [1,2], "a": "あ" }').equal).toBe(true);
  });
  it('reports ISO timestamps where legacy sends JST, and numbers where legacy sends numeric strings, with no rules configured', () => {
    const legacy = '{"data":{"inquiry":{"id":7,"created_at":"2024-03-30 09:49:00","price":"3000"}}}';
    const candidate = '{"data":{"inquiry":{"id":7,"created_at":"2024-03-30T00:49:00Z","price":3000}}}';
    const r = json(legacy, candidate);
    expect(r.equal).toBe(false);
    expect(r.differences).toEqual([
      { path: '$.data.inquiry.created_at', kind: 'changed', legacy: '2024-03-30 09:49:00', candidate: '2024-03-30T00:49:00Z' },
      { path: '$.data.inquiry.price', kind: 'type', legacy: '3000', candidate: 3000 },
    ]);
  });
  it('a trailing space and a reordered list of plain values count', () => {
    expect(json('{"s":"open"}', '{"s":"open "}').equal).toBe(false);
    expect(json('{"t":["a","b"]}', '{"t":["b","a"]}').equal).toBe(false);
  });
  it('a rule accepts only on its paths, and every difference it accepted is counted', () => {
    const legacy = '{"a":"2024-03-30 09:49:00","b":"2024-03-30 09:49:00","items":[{"id":1,"t":"2024-03-30 09:49:00"},{"id":2,"t":"2024-03-30 09:50:00"}]}';
    const candidate = '{"a":"2024-03-30T00:49:00Z","b":"2024-03-30T00:49:00Z","items":[{"id":1,"t":"2024-03-30T00:49:00Z"},{"id":2,"t":"2024-03-30T00:50:00Z"}]}';
    const r = json(legacy, candidate, { timestamps: ['$.a', '$.items[*].t'] });
    expect(r.differences.map((d) => d.path)).toEqual(['$.b']);
    expect(r.accepted).toEqual([
      { rule: 'timestamps', pattern: '$.a', count: 1 },
      { rule: 'timestamps', pattern: '$.items[*].t', count: 2 },
    ]);
  });
  it('ignore counts what it hid, and only what differed', () => {
    const r = json('{"m":{"request_id":1},"n":{"request_id":5}}', '{"m":{"request_id":2},"n":{"request_id":5},"x":1}', { ignore: ['$..request_id'] });
    expect(r.differences.map((d) => d.path)).toEqual(['$.x']);
    expect(r.accepted).toEqual([{ rule: 'ignore', pattern: '$..request_id', count: 1 }]);
  });
});

describe('generated values (routes[].compare.generated) compare by type and format', () => {
  const rules = { generated: ['$.data.message_id', '$.data.created_at'] };
  it('"91" vs "92" equal; "91" vs 91 not; JST vs ISO not', () => {
    expect(json('{"data":{"message_id":"91"}}', '{"data":{"message_id":"92"}}', rules).equal).toBe(true);
    expect(json('{"data":{"message_id":91}}', '{"data":{"message_id":92}}', rules).accepted).toEqual([{ rule: 'generated', pattern: '$.data.message_id', count: 1 }]);
    expect(json('{"data":{"message_id":"91"}}', '{"data":{"message_id":91}}', rules).differences[0]!.kind).toBe('type');
    expect(json('{"data":{"created_at":"2024-03-30 09:49:00"}}', '{"data":{"created_at":"2024-03-30 09:50:13"}}', rules).equal).toBe(true);
    expect(json('{"data":{"created_at":"2024-03-30 09:49:00"}}', '{"data":{"created_at":"2024-03-30T00:49:00Z"}}', rules).equal).toBe(false);
  });
});

describe('bad input never crashes the comparison', () => {
  it('regression: 100,000 nested arrays no longer throw a RangeError; past the depth cap the bodies compare by hash', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const other = '['.repeat(100_000) + '1' + ']'.repeat(100_000);
    expect(json(deep, deep).equal).toBe(true);
    const r = json(deep, other);
    expect(r).toMatchObject({ equal: false, tooDeep: true, kind: 'bytes' });
    expect(() => compareJson(JSON.parse(deep), JSON.parse(deep))).toThrow(expect.objectContaining({ code: 'CMP_ERR_TOO_DEEP' }));
  });
  it('nesting up to the cap is compared', () => {
    const n = MAX_DEPTH - 1;
    const r = json(`${'['.repeat(n)}1${']'.repeat(n)}`, `${'['.repeat(n)}2${']'.repeat(n)}`);
    expect(r.differences).toHaveLength(1);
    expect(r.tooDeep).toBeUndefined();
  });
  it('regression: 1e999999 and 1e999998 (beyond a double) are not equal, on every path', () => {
    expect(json('{"a":1e999999}', '{"a":1e999998}').equal).toBe(false);
    expect(json('[1e999999]', '[1e999998]').equal).toBe(false);
    expect(json('{"a":1e999999, "b":1}', '{"b":1,"a":1e999998}').equal).toBe(false);
    expect(json('{"a":1e999999}', '{"a":1e999999}').equal).toBe(true);
    expect(json('{"a":1E+999999}', '{"a":10e999998}').equal).toBe(true);
  });
});

describe('a busy list that reorders between every pair of calls (noise)', () => {
  // A background writer touches rows: each call answers the rows in another order, with a ticking `seen_at`.
  const rows = (n: number, order: number[], format: (i: number) => string, tick: number) => ({
    data: {
      inquiries: order.map((i) => ({ id: i, subject: `case ${i}`, status: 'open', created_at: format(i), seen_at: `2024-03-30 10:00:${String((tick + i) % 60).padStart(2, '0')}` })),
    },
  });
  const jst = (i: number) => `2024-03-${String(1 + (i % 28)).padStart(2, '0')} 09:49:00`;
  const iso = (i: number) => `2024-03-${String(1 + (i % 28)).padStart(2, '0')}T00:49:00Z`;
  const shuffled = (n: number, seed: number) => Array.from({ length: n }, (_, i) => i + 1).sort((x, y) => ((x * seed) % 17) - ((y * seed) % 17) || x - y);

  function run(candidateFormat: (i: number) => string): { model: NoiseModel; last: ReturnType<NoiseModel['classify']> } {
    const model = new NoiseModel({ relativeThreshold: 2, absoluteThreshold: 0.01 });
    let last = { real: [], noise: [] } as ReturnType<NoiseModel['classify']>;
    for (let k = 0; k < 30; k++) {
      const a = JSON.stringify(rows(20, shuffled(20, k + 2), jst, k));
      const b = JSON.stringify(rows(20, shuffled(20, k + 3), jst, k + 1));
      const noise = compareBodies({ contentType: 'application/json', legacy: a, candidate: b, shape: true });
      model.recordNoise('inquiry-list', noise.differences, noise.shape);
      const c = JSON.stringify(rows(20, shuffled(20, k + 5), candidateFormat, k + 2));
      const cand = compareBodies({ contentType: 'application/json', legacy: a, candidate: c });
      model.recordCandidate('inquiry-list', cand.differences);
      last = model.classify('inquiry-list', cand.differences);
    }
    return { model, last };
  }

  it('a format bug in every row is reported, never masked as noise, though legacy reorders and ticks', () => {
    const { model, last } = run(iso);
    expect(last.real.length).toBeGreaterThanOrEqual(20);
    expect(new Set(last.real.map((d) => d.path.replace(/\[\d+\]/, '[*]')))).toEqual(new Set(['$.data.inquiries[*].created_at']));
    // the reorder and the ticking field are legacy's own noise
    expect(last.noise.some((d) => d.kind === 'order')).toBe(true);
    expect(model.isNoise('inquiry-list', { path: '$.data.inquiries[3].seen_at', kind: 'changed', legacy: '2024-03-30 10:00:01', candidate: '2024-03-30 10:00:02' })).toBe(true);
    expect(model.coverage('inquiry-list').noiseDominated).toBe(false);
  });
  it('with no bug, every difference left is noise', () => {
    const { last } = run(jst);
    expect(last.real).toEqual([]);
    expect(last.noise.length).toBeGreaterThan(0);
  });
  it('a route whose noise covers most of its answer is noise-dominated', () => {
    const model = new NoiseModel();
    const a = '{"a":"x1","b":"y1","c":"z1","d":1}';
    const b = '{"a":"x2","b":"y2","c":"z2","d":1}';
    for (let k = 0; k < 10; k++) {
      const n = compareBodies({ contentType: 'application/json', legacy: a, candidate: b, shape: true });
      model.recordNoise('feed', n.differences, n.shape);
      model.recordCandidate('feed', n.differences);
    }
    expect(model.coverage('feed')).toEqual({ leaves: 4, noisyLeaves: 3, coverage: 0.75, noiseDominated: true });
    expect(new NoiseModel().coverage('none')).toMatchObject({ coverage: null, noiseDominated: false });
  });
});
