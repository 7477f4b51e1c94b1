import { compareBodies, redactDifferences, redactPath, type CompareRules, type Difference, type RedactOptions } from '../compare/index.js';
import { decodeBodySync } from './decode.js';
import type { Observation } from './observation.js';

/** One pair to decode, compare and redact off the event loop (bodies as wire bytes). */
export interface CompareTask {
  id: number;
  routeId: string;
  contentType: string;
  legacy: Uint8Array;
  legacyEncoding: string | undefined;
  other: Uint8Array;
  otherEncoding: string | undefined;
  /** Request path (no query), redacted in the same trip. */
  path: string;
  /**
   * The id of a candidate call started in the same thread (candidate-thread.ts): its answer is the other
   * side, and `other`, `otherEncoding` are unused. `contentType` is then legacy's, or empty.
   */
  callId?: number | null;
  /** Legacy's answer passed the cap: only the candidate's outcome is reported. */
  legacyTooLarge?: boolean;
}

/** How a candidate call made in a shadow thread went (what the stored result needs of it). */
export interface CandidateOutcome {
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** What comes back for one task: the redacted result, and the raw paths the noise model learns from. */
export type CompareReply =
  | {
      id: number;
      ok: true;
      tooLarge: boolean;
      /** Bodies equal after the rules (statuses are the caller's business). */
      equal: boolean;
      /** Unredacted path and kind of each difference, same order as `differences`. */
      raw: { path: string; kind: Difference['kind'] }[];
      /** Differences with PII replaced by keyed hashes. */
      differences: Difference[];
      path: string;
      /** For a task with `callId`: false when nothing was compared (the call failed, a side too large). */
      compared?: boolean;
      /** For a task with `callId`: the call's outcome. */
      candidate?: CandidateOutcome;
    }
  | { id: number; ok: false; stage: 'compare' | 'redact'; code: string | null; message: string };

/** What a comparison thread needs, fixed for its life. */
export interface CompareSetup {
  /** Each route's rules, and its redaction options when they differ from `redact` (its own allow-list). */
  routes: readonly { id: string; rules: CompareRules; redact?: RedactOptions }[];
  redact: RedactOptions;
  /** Cap on a decoded body. */
  maxDecodedBytes: number;
}

/**
 * The work of one task, the same steps and outputs as the runner's in-thread path: decode (capped),
 * byte-equality short cut, compare with the route's rules, redact. Never throws: failures are replies.
 */
export function createCompareJob(setup: CompareSetup): (task: CompareTask) => CompareReply {
  const rules = new Map(setup.routes.map((r) => [r.id, r.rules]));
  // One options object for the thread's life: compare/ caches its compiled matcher per object.
  const redact: RedactOptions = { ...setup.redact };
  const perRoute = new Map(setup.routes.flatMap((r) => (r.redact === undefined ? [] : [[r.id, { ...r.redact }] as const])));
  return (task) => {
    let compared: { equal: boolean; differences: Difference[] };
    try {
      const legacy = decodeBodySync(asBuffer(task.legacy), task.legacyEncoding, setup.maxDecodedBytes);
      const other = decodeBodySync(asBuffer(task.other), task.otherEncoding, setup.maxDecodedBytes);
      if (legacy.tooLarge || other.tooLarge) return { id: task.id, ok: true, tooLarge: true, equal: false, raw: [], differences: [], path: redactPath(task.path, redact) };
      compared = legacy.body.equals(other.body)
        ? { equal: true, differences: [] }
        : compareBodies({ contentType: task.contentType, legacy: legacy.body, candidate: other.body, rules: rules.get(task.routeId) ?? {} });
    } catch (err) {
      return failure(task.id, 'compare', err);
    }
    try {
      return {
        id: task.id,
        ok: true,
        tooLarge: false,
        equal: compared.equal,
        raw: compared.differences.map((d) => ({ path: d.path, kind: d.kind })),
        differences: redactDifferences(compared.differences, perRoute.get(task.routeId) ?? redact),
        path: redactPath(task.path, redact),
      };
    } catch (err) {
      return failure(task.id, 'redact', err);
    }
  };
}

/**
 * The work of a task whose other side is a candidate call made in this thread: the call's outcome, and
 * the comparison when there is something to compare (the same cases as the runner's in-thread path).
 */
export function compareWithCandidate(job: (task: CompareTask) => CompareReply, task: CompareTask, answer: Observation, redact: (path: string) => string): CompareReply {
  const candidate: CandidateOutcome = { status: answer.status, error: answer.error, durationMs: answer.durationMs };
  if (answer.error !== null || task.legacyTooLarge || answer.tooLarge || answer.body === null) {
    let path: string;
    try {
      path = redact(task.path);
    } catch (err) {
      return failure(task.id, 'redact', err);
    }
    const tooLarge = answer.error === null;
    return { id: task.id, ok: true, tooLarge, equal: false, raw: [], differences: [], path, compared: false, candidate };
  }
  const reply = job({
    ...task,
    contentType: task.contentType || answer.headers['content-type'] || 'application/octet-stream',
    other: answer.body,
    otherEncoding: answer.headers['content-encoding'],
  });
  if (!reply.ok) return reply;
  reply.compared = !reply.tooLarge;
  reply.candidate = candidate;
  return reply;
}

function failure(id: number, stage: 'compare' | 'redact', err: unknown): CompareReply {
  const e = err as { code?: unknown; message?: unknown };
  return { id, ok: false, stage, code: typeof e?.code === 'string' ? e.code : null, message: String(e?.message ?? err) };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
