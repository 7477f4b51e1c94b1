import { compareBodies, redactDifferences, type CompareRules, type RedactOptions } from '../compare/index.js';
import { type Difference } from '../model/index.js';
import { decodeBodySync } from './decode.js';
import { redactStoredPath } from './kept-query.js';
import type { CandidateEffects, Observation } from './observation.js';

/** One pair to decode, compare and redact off the event loop (bodies as wire bytes). */
export interface CompareTask {
  id: number;
  routeId: string;
  contentType: string;
  legacy: Uint8Array;
  legacyEncoding: string | undefined;
  other: Uint8Array;
  otherEncoding: string | undefined;
  /** Stored request path (path and kept query: `storedRequestPath`), redacted in the same trip. */
  path: string;
  /**
   * The id of a candidate call started in the same thread (threads/candidate-thread.ts): its answer is the other
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
  /** A dry run's would-be side effects (the observation's `effects`). */
  effects: CandidateEffects | null;
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
  | { id: number; ok: false; stage: 'decode' | 'compare' | 'redact'; code: string | null; message: string };

/** What a comparison thread needs, fixed for its life. */
export interface CompareSetup {
  /** Each route's rules, and its redaction options when they differ from `redact` (its own allow-list). */
  routes: readonly { id: string; rules: CompareRules; redact?: RedactOptions }[];
  redact: RedactOptions;
  /** Cap on a decoded body. */
  maxDecodedBytes: number;
}

/** The steps of a job, injected: compare/'s engine and redaction, the route's rules, the decode cap. */
export interface CompareSteps {
  compare(input: { contentType: string; legacy: Uint8Array; candidate: Uint8Array; rules: CompareRules }): { equal: boolean; differences: Difference[] };
  /** Redaction of a route's differences (its own allow-list, else the default). */
  redactDifferences(differences: readonly Difference[], routeId: string): Difference[];
  /** The stored request path (path and kept query) redacted. */
  redactPath(path: string): string;
  rulesFor(routeId: string): CompareRules;
  maxDecodedBytes: number;
}

/**
 * The one comparison job, used on the event loop (the runner, with no shadow thread) and in the shadow
 * threads: decode (capped), byte-equality short cut, compare with the route's rules, redact. Never throws:
 * a failure is a reply with its stage (`decode`, `compare`, `redact`).
 */
export function compareJob(steps: CompareSteps): (task: CompareTask) => CompareReply {
  return (task) => {
    let legacy: ReturnType<typeof decodeBodySync>;
    let other: ReturnType<typeof decodeBodySync>;
    try {
      legacy = decodeBodySync(asBuffer(task.legacy), task.legacyEncoding, steps.maxDecodedBytes);
      other = decodeBodySync(asBuffer(task.other), task.otherEncoding, steps.maxDecodedBytes);
    } catch (err) {
      return failure(task.id, 'decode', err);
    }
    let compared: { equal: boolean; differences: Difference[] } | null;
    try {
      compared =
        legacy.tooLarge || other.tooLarge
          ? null
          : legacy.body.equals(other.body)
            ? { equal: true, differences: [] }
            : steps.compare({ contentType: task.contentType, legacy: legacy.body, candidate: other.body, rules: steps.rulesFor(task.routeId) });
    } catch (err) {
      return failure(task.id, 'compare', err);
    }
    try {
      if (compared === null) return { id: task.id, ok: true, tooLarge: true, equal: false, raw: [], differences: [], path: steps.redactPath(task.path) };
      return {
        id: task.id,
        ok: true,
        tooLarge: false,
        equal: compared.equal,
        raw: compared.differences.map((d) => ({ path: d.path, kind: d.kind })),
        differences: steps.redactDifferences(compared.differences, task.routeId),
        path: steps.redactPath(task.path),
      };
    } catch (err) {
      return failure(task.id, 'redact', err);
    }
  };
}

/** The job as a shadow thread builds it: compare/'s engine and redaction from plain options. */
export function createCompareJob(setup: CompareSetup): (task: CompareTask) => CompareReply {
  const rules = new Map(setup.routes.map((r) => [r.id, r.rules]));
  // One options object for the thread's life: compare/ caches its compiled matcher per object.
  const redact: RedactOptions = { ...setup.redact };
  const perRoute = new Map(setup.routes.flatMap((r) => (r.redact === undefined ? [] : [[r.id, { ...r.redact }] as const])));
  return compareJob({
    compare: compareBodies,
    redactDifferences: (ds, routeId) => redactDifferences(ds, perRoute.get(routeId) ?? redact),
    redactPath: (path) => redactStoredPath(path, redact),
    rulesFor: (routeId) => rules.get(routeId) ?? {},
    maxDecodedBytes: setup.maxDecodedBytes,
  });
}

/**
 * The work of a task whose other side is a candidate call made in this thread: the call's outcome, and
 * the comparison when there is something to compare (the same cases as the runner's in-thread path).
 */
export function compareWithCandidate(job: (task: CompareTask) => CompareReply, task: CompareTask, answer: Observation, redact: (path: string) => string): CompareReply {
  const candidate: CandidateOutcome = { status: answer.status, error: answer.error, durationMs: answer.durationMs, effects: answer.effects };
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

function failure(id: number, stage: 'decode' | 'compare' | 'redact', err: unknown): CompareReply {
  const e = err as { code?: unknown; message?: unknown };
  return { id, ok: false, stage, code: typeof e?.code === 'string' ? e.code : null, message: String(e?.message ?? err) };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
