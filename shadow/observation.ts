/** Which call an observation records: legacy's answer to the operator, the new stack, or legacy again (noise). */
export type ObservationSide = 'primary' | 'candidate' | 'secondary';

/**
 * The immutable outcome of one side of a shadow experiment (github/scientist `observation.rb`):
 * an answer (status, headers, body bytes) or an error code, and how long it took.
 */
export interface Observation {
  readonly side: ObservationSide;
  /** HTTP status; null when the call failed before answering. */
  readonly status: number | null;
  /** Lower-case header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** Body bytes as sent on the wire (maybe compressed); null when failed or past the cap. */
  readonly body: Buffer | null;
  /** True when the body passed the capture cap and was not kept. */
  readonly tooLarge: boolean;
  /** Error code (e.g. `SHD_ERR_TIMEOUT`) when the call failed, else null. */
  readonly error: string | null;
  readonly durationMs: number;
  /** A dry run's would-be side effects (the adapter's `effects.candidate`), plain JSON; null when none were declared. */
  readonly effects: CandidateEffects | null;
}

/** The state a dry run says it would leave (`state`), or why it could not say (`error`). */
export type CandidateEffects = { readonly state: Readonly<Record<string, unknown>> } | { readonly error: string };

/** Build a frozen observation; headers are flattened to lower-case single strings. */
export function observe(fields: {
  side: ObservationSide;
  status?: number | null;
  headers?: Record<string, string | string[] | number | undefined>;
  body?: Buffer | null;
  tooLarge?: boolean;
  error?: string | null;
  durationMs: number;
  effects?: CandidateEffects | null;
}): Observation {
  return Object.freeze({
    side: fields.side,
    status: fields.status ?? null,
    headers: Object.freeze(flattenHeaders(fields.headers ?? {})),
    body: fields.body ?? null,
    tooLarge: fields.tooLarge ?? false,
    error: fields.error ?? null,
    durationMs: fields.durationMs,
    effects: fields.effects ?? null,
  });
}

/** Lower-case names, arrays joined: enough for content-type and content-encoding look-ups. */
function flattenHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  // for…in, not Object.entries: no array of pairs for every answer observed.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
