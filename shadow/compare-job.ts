import { compareBodies, redactDifferences, redactPath, type CompareRules, type Difference, type RedactOptions } from '../compare/index.js';
import { decodeBodySync } from './decode.js';

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
    }
  | { id: number; ok: false; stage: 'compare' | 'redact'; code: string | null; message: string };

/** What a comparison thread needs, fixed for its life. */
export interface CompareSetup {
  routes: readonly { id: string; rules: CompareRules }[];
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
        differences: redactDifferences(compared.differences, redact),
        path: redactPath(task.path, redact),
      };
    } catch (err) {
      return failure(task.id, 'redact', err);
    }
  };
}

function failure(id: number, stage: 'compare' | 'redact', err: unknown): CompareReply {
  const e = err as { code?: unknown; message?: unknown };
  return { id, ok: false, stage, code: typeof e?.code === 'string' ? e.code : null, message: String(e?.message ?? err) };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
