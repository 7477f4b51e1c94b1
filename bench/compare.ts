/**
 * compare/ against jsondiffpatch (a peer) on realistic CS JSON answers of ~4 KB and ~100 KB with a
 * few differences, in the same run: pairs per second, from text (both sides parse their input) and
 * from already-parsed values. Rounds alternate ours / theirs; figures are medians. Target: ≥ 2×.
 * Run: `npx tsc -p . && node dist/bench/compare.js` (BENCH_QUICK=1 for a short run).
 */
import { fileURLToPath } from 'node:url';
import { create as jdpCreate, diff as jdpDiff } from 'jsondiffpatch';
import { compareBodies, compareJson } from '../compare/index.js';

/** Options of one bench run. */
export interface CompareBenchOptions {
  /** Alternating rounds per case (default 7). */
  rounds: number;
  /** Time each side runs per round, ms (default 300). */
  roundMs: number;
}

/** The figures of one run. */
export interface BenchResult {
  name: string;
  figures: Record<string, number>;
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

/** A deterministic PRNG (mulberry32), so every run compares the same documents. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['item', 'shipping', 'refund', 'account', 'payment', 'delivery', 'seller', 'buyer', 'photo', 'report', 'お問い合わせ', '発送', '返金'];

/** An inquiry detail as a PHP CS tool answers it, sized by its number of messages and items. */
function inquiry(rnd: () => number, messages: number, items: number, bigIds: boolean): Record<string, unknown> {
  const word = () => WORDS[Math.floor(rnd() * WORDS.length)];
  const text = (n: number) => Array.from({ length: n }, word).join(' ');
  const ts = (i: number) => `2018-10-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00`;
  const id = (i: number) => (bigIds ? `9${String(1e17 + i * 7919)}` : String(100000 + i * 7919));
  return {
    status: 'ok',
    data: {
      inquiry: {
        id: Number(id(1)) > Number.MAX_SAFE_INTEGER ? `@@${id(1)}@@` : Number(id(1)),
        status: 'open',
        category: word(),
        priority: Math.floor(rnd() * 3),
        created_at: ts(1),
        updated_at: ts(2),
        assignee: { id: 42, name: 'operator-42', team: 'item-monitoring' },
        customer: { id: 7001, name: 'Taro Yamada', email: 'taro@example.jp', phone: '090-1234-5678', verified: true, score: 0.87 },
        tags: ['shipping', 'refund', 'vip'],
        messages: Array.from({ length: messages }, (_, i) => ({
          id: 5000 + i,
          from: i % 2 === 0 ? 'customer' : 'operator',
          body: text(12 + Math.floor(rnd() * 20)),
          sent_at: ts(i + 3),
          attachments: i % 5 === 0 ? [{ name: `photo${i}.jpg`, size: Math.floor(rnd() * 1e6) }] : [],
        })),
        items: Array.from({ length: items }, (_, i) => ({
          id: Number(id(i + 10)) > Number.MAX_SAFE_INTEGER ? `@@${id(i + 10)}@@` : Number(id(i + 10)),
          name: text(3),
          price: Math.floor(rnd() * 100000),
          fee: Math.round(rnd() * 1000) / 100,
          status: rnd() < 0.9 ? 'on_sale' : 'stopped',
          seller: { id: 9000 + i, rating: Math.round(rnd() * 50) / 10, ships_from: 'Tokyo' },
          flags: { hidden: false, reported: rnd() < 0.1 },
        })),
      },
    },
  };
}

/** Legacy and candidate texts of one size: the candidate has a handful of real differences. */
export function makePair(targetBytes: number, bigIds = false): { legacy: string; candidate: string } {
  // ~210 bytes an item and ~230 a message, measured on this generator
  const items = Math.max(2, Math.round(targetBytes / 420));
  const messages = Math.max(2, Math.round(targetBytes / 460));
  const doc = inquiry(prng(7), messages, items, bigIds);
  const raw = (v: unknown) => JSON.stringify(v).replace(/"@@(\d+)@@"/g, '$1');
  const legacy = raw(doc);
  const c = JSON.parse(JSON.stringify(doc)) as { data: { inquiry: Record<string, any> } };
  const inq = c.data.inquiry;
  inq.items[1].price += 100; // changed
  inq.items[items - 1].status = 'sold_out'; // changed
  inq.priority = String(inq.priority); // type
  delete inq.assignee.team; // removed
  inq.resolved_by = null; // added
  inq.messages[0].body += ' (edited)'; // changed
  return { legacy, candidate: raw(c) };
}

/**
 * An inquiry list answer (`GET /api/inquiries`): rows with ids, as a busy list comes back. The
 * candidate has two rows swapped (an `order` difference once aligned on `id`), a status changed and
 * an ISO timestamp where legacy writes JST: the work of aligning arrays on a key, every time.
 */
export function makeListPair(targetBytes: number): { legacy: string; candidate: string } {
  const rnd = prng(11);
  const rows = Math.max(4, Math.round(targetBytes / 212)); // ~212 bytes a row
  const ts = (i: number) => `2018-10-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00`;
  const doc = {
    status: 'ok',
    data: {
      total: rows,
      page: 1,
      inquiries: Array.from({ length: rows }, (_, i) => ({
        id: 100000 + i * 7919,
        subject: `${WORDS[i % WORDS.length]} ${WORDS[(i * 3) % WORDS.length]}`,
        status: rnd() < 0.7 ? 'open' : 'replied',
        priority: Math.floor(rnd() * 3),
        created_at: ts(i),
        updated_at: ts(i + 1),
        customer: { id: 7000 + i, name: `customer-${i}` },
        assignee_id: rnd() < 0.5 ? 42 : null,
        unread: Math.floor(rnd() * 5),
      })),
    },
  };
  const legacy = JSON.stringify(doc);
  const list = doc.data.inquiries;
  const k = rows >> 1;
  [list[k], list[k + 1]] = [list[k + 1]!, list[k]!];
  list[1]!.status = 'closed';
  list[rows - 1]!.created_at = '2018-10-04T03:00:00Z';
  return { legacy, candidate: JSON.stringify(doc) };
}

/** jsondiffpatch with its own key alignment (`objectHash`), for the list answers: like for like. */
const jdpKeyed = jdpCreate({ objectHash: (o: object, i?: number) => String((o as { id?: unknown }).id ?? `$$index:${i}`) });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Pairs per second of `fn` for about `ms` milliseconds. */
function rate(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let k = 0; k < 5; k++) fn();
    n += 5;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** Run each function for `roundMs`, rotating who goes first every round; medians of pairs/s. */
function rounds(fns: (() => unknown)[], opts: CompareBenchOptions): number[] {
  for (let i = 0; i < 20; i++) for (const f of fns) f();
  const rates: number[][] = fns.map(() => []);
  for (let r = 0; r < opts.rounds; r++) {
    for (let k = 0; k < fns.length; k++) {
      const i = (k + r) % fns.length;
      rates[i].push(rate(fns[i], opts.roundMs));
    }
  }
  return rates.map(median);
}

/** Run every case and return the figures and targets. */
export async function run(opts: Partial<CompareBenchOptions> = {}): Promise<BenchResult> {
  const o: CompareBenchOptions = { rounds: opts.rounds ?? 7, roundMs: opts.roundMs ?? 300 };
  const figures: Record<string, number> = {};
  const targets: BenchResult['targets'] = {};
  // The last two: legacy written as PHP's json_encode writes by default (non-ASCII characters and
  // slashes escaped), the candidate as JSON.stringify does, so that few bytes are equal; and the
  // candidate's keys in another order. Both go to the plain path at once: no target of their own,
  // they show what the side-by-side reading costs where it cannot help.
  // The list answers are compared with key alignment on (rows matched on `id`); jsondiffpatch there
  // is given its own (`objectHash`).
  const cases: [string, number, boolean, 'php' | 'reordered' | 'list' | null][] = [
    ['4kb', 4 * 1024, false, null],
    ['100kb', 100 * 1024, false, null],
    ['100kb_64bit_ids', 100 * 1024, true, null],
    ['4kb_list', 4 * 1024, false, 'list'],
    ['100kb_list', 100 * 1024, false, 'list'],
    ['4kb_php_escapes', 4 * 1024, false, 'php'],
    ['4kb_keys_reordered', 4 * 1024, false, 'reordered'],
  ];
  for (const [name, size, bigIds, spelling] of cases) {
    const pair = spelling === 'list' ? makeListPair(size) : makePair(size, bigIds);
    const jdp = spelling === 'list' ? (x: unknown, y: unknown) => jdpKeyed.diff(x, y) : jdpDiff;
    const legacy = spelling === 'php' ? phpEscaped(pair.legacy) : pair.legacy;
    const candidate = spelling === 'reordered' ? JSON.stringify(reversedKeys(JSON.parse(pair.candidate))) : pair.candidate;
    const sanity = compareBodies({ contentType: 'application/json', legacy, candidate });
    figures[`${name}_bytes`] = legacy.length;
    figures[`${name}_differences`] = sanity.differences.length;
    // JSON.parse of both texts alone: what any comparison that parses both texts whole would be
    // bounded by. compareBodies reads the texts side by side and parses only the values that differ,
    // so it can go past it.
    const [ours, theirs, parseOnly] = rounds(
      [
        () => compareBodies({ contentType: 'application/json', legacy, candidate }),
        () => jdp(JSON.parse(legacy), JSON.parse(candidate)),
        () => [JSON.parse(legacy), JSON.parse(candidate)],
      ],
      o,
    );
    const text = { ours, theirs };
    figures[`${name}_text_ours_pairs_s`] = Math.round(ours);
    figures[`${name}_text_jsondiffpatch_pairs_s`] = Math.round(theirs);
    figures[`${name}_text_ratio`] = round2(ours / theirs);
    figures[`${name}_json_parse_only_pairs_s`] = Math.round(parseOnly);
    figures[`${name}_json_parse_both_ratio`] = round2(parseOnly / theirs);
    const l = JSON.parse(legacy);
    const c = JSON.parse(candidate);
    const [po, pt] = rounds([() => compareJson(l, c), () => jdp(l, c)], o);
    const parsed = { ours: po, theirs: pt };
    figures[`${name}_parsed_ours_pairs_s`] = Math.round(parsed.ours);
    figures[`${name}_parsed_jsondiffpatch_pairs_s`] = Math.round(parsed.theirs);
    figures[`${name}_parsed_ratio`] = round2(parsed.ours / parsed.theirs);
    if (spelling !== null && spelling !== 'list') continue;
    targets[`${name}_parsed_ratio`] = { value: figures[`${name}_parsed_ratio`], target: '≥ 2', met: parsed.ours / parsed.theirs >= 2 };
    targets[`${name}_text_ratio`] = { value: figures[`${name}_text_ratio`], target: '≥ 2', met: text.ours / text.theirs >= 2 };
  }
  return { name: 'compare', figures, targets };
}

/** A JSON text as PHP's json_encode writes it by default: `\uXXXX` for non-ASCII characters, `\/` for slashes. */
function phpEscaped(text: string): string {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/');
}

/** The same value with every object's keys in reverse order. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.env.BENCH_QUICK === '1';
  const result = await run(quick ? { rounds: 3, roundMs: 100 } : {});
  for (const [k, v] of Object.entries(result.figures)) console.log(`${k.padEnd(40)} ${v}`);
  for (const [k, t] of Object.entries(result.targets)) console.log(`target ${k}: ${t.value} (${t.target}) ${t.met ? 'met' : 'NOT met'}`);
}
