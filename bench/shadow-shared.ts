/** What both shadow benches (shadow.ts, shadow-job.ts) use: the answer, the CPU reading, the median. */
import { existsSync, readFileSync } from 'node:fs';
import { defineAdapter, type Adapter } from '../legacy-adapters/index.js';
import { isoToJst } from '../examples/legacy-cs/envelope.js';

/** The answer both shadow benches use: a CS inquiry with 24 messages (about 3.6 KB of JSON). */
export const PAYLOAD = JSON.stringify({
  result: 'OK',
  data: {
    inquiry: { id: 123456789012345, status: 'OPEN', subject: 'Item not received', created_at: '2018-10-04 12:00:00' },
    messages: Array.from({ length: 24 }, (_, i) => ({
      id: 1000 + i,
      from: i % 2 ? 'operator' : 'customer',
      body: `Message ${i}: the parcel tracking says delivered but nothing arrived at the door.`,
      at: `2018-10-04 12:${String(i).padStart(2, '0')}:00`,
    })),
  },
});

/** The candidate's answer: the same with one planted difference (`status` in lower case). */
export const CANDIDATE_PAYLOAD = PAYLOAD.replace('"OPEN"', '"open"');

/** JST `YYYY-MM-DD HH:mm:ss` (legacy's times) as an ISO instant, the GraphQL service's spelling. */
const jstToIso = (jst: string): string => new Date(`${jst.replace(' ', 'T')}+09:00`).toISOString();

/**
 * The GraphQL service's answer to the bench adapter's query: PAYLOAD's inquiry as a GraphQL schema
 * spells it (camelCase, ISO instants, an ID as a string, an enum in capitals).
 */
export const GRAPHQL_PAYLOAD = (() => {
  const legacy = JSON.parse(PAYLOAD) as {
    data: { inquiry: { id: number; status: string; subject: string; created_at: string }; messages: { id: number; from: string; body: string; at: string }[] };
  };
  const i = legacy.data.inquiry;
  return JSON.stringify({
    data: {
      inquiry: {
        id: String(i.id),
        status: i.status,
        subject: i.subject,
        createdAt: jstToIso(i.created_at),
        messages: legacy.data.messages.map((m) => ({ id: String(m.id), from: m.from.toUpperCase(), body: m.body, at: jstToIso(m.at) })),
      },
    },
  });
})();

interface BenchInquiry {
  inquiry: {
    id: string;
    status: string;
    subject: string;
    createdAt: string;
    messages: { id: string; from: string; body: string; at: string }[];
  } | null;
}

/**
 * An adapter as a project would write one for PAYLOAD's page: GET /adapter/api/inquiries/:id to one
 * GraphQL query, its answer mapped back to legacy's shape (names, times in JST, ids as numbers). Its
 * one difference from legacy is the planted one: the status enum lower-cased, as the sample adapters do.
 */
export const benchInquiryAdapter: Adapter = defineAdapter<BenchInquiry>({
  name: 'bench-inquiry',
  route: 'GET /adapter/api/inquiries/:id',
  document: /* GraphQL */ `
    query Inquiry($id: ID!) {
      inquiry(id: $id) { id status subject createdAt messages { id from body at } }
    }`,
  variables: (req) => ({ id: req.params.id }),
  toLegacy: ({ data }) => {
    const i = data?.inquiry;
    if (!i) return { status: 404, headers: { 'content-type': 'application/json' }, body: { result: 'NG' } };
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: {
        result: 'OK',
        data: {
          inquiry: { id: Number(i.id), status: i.status.toLowerCase(), subject: i.subject, created_at: isoToJst(i.createdAt) },
          messages: i.messages.map((m) => ({ id: Number(m.id), from: m.from.toLowerCase(), body: m.body, at: isoToJst(m.at) })),
        },
      },
    };
  },
});

/** CPU seconds used so far by a process (all its threads), or by its main thread alone, from /proc; null where /proc is missing. */
export function cpuSeconds(pid: number | undefined, mainThreadOnly = false): number | null {
  const file = mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return null;
  const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat(5); after "pid (comm) " they sit at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
