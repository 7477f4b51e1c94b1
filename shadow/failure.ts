/**
 * Where a shadow job failed after admission (github/scientist's `raised`): the candidate call could not
 * be started, an answer could not be decoded, compared or redacted, or the result could not be handed
 * to the store. `internal` is a bug outside those steps. None of them ever reaches the operator.
 */
export type FailureStage = 'candidate' | 'decode' | 'compare' | 'redact' | 'store' | 'internal';

/** One caught failure, as the runner's one failure hook (`onFailure`) receives it. */
export interface ShadowFailure {
  readonly stage: FailureStage;
  readonly routeId: string;
  /** The coded error's code (`SHD_ERR_DECODE`, `SHD_ERR_COMPARE_WORKER`, …) when there is one. */
  readonly code: string | null;
  readonly error: unknown;
}

/** An error tagged with the stage it happened in. */
export function stagedError(stage: FailureStage, cause: unknown): Error & { stage: FailureStage; code: string | null } {
  const code = (cause as { code?: unknown })?.code;
  return Object.assign(new Error(`shadow ${stage} failed`, { cause }), { stage, code: typeof code === 'string' ? code : null });
}

/** Run `step`, tagging a failure with its stage; an error already tagged keeps its own. */
export async function staged<T>(stage: FailureStage, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw (err as { stage?: unknown })?.stage !== undefined ? err : stagedError(stage, err);
  }
}

/** The stage and code of a caught error (`internal` when untagged). */
export function describeFailure(routeId: string, error: unknown): ShadowFailure {
  const e = error as { stage?: FailureStage; code?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : null;
  return Object.freeze({ stage: e?.stage ?? 'internal', routeId, code, error });
}
