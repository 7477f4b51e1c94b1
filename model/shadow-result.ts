import type { Difference } from './difference.js';

/** What a shadow comparison was about. */
export type ShadowKind = 'read' | 'dry-run' | 'noise';

/**
 * One shadow comparison, as stored in `shadow_results` (**contract** for the names in ARCHITECTURE.md).
 * Everything here is already redacted: no raw PII reaches the store.
 */
export interface ShadowResult {
  id: string;
  ts: number;
  routeId: string;
  method: string;
  /** Redacted request path with the route's kept query keys (`keepQuery`), e.g. `/api/inquiries?page=2&status=open`. */
  path: string;
  kind: ShadowKind;
  statusPrimary: number;
  /** Null when the candidate failed before answering. */
  statusCandidate: number | null;
  equal: boolean;
  /** Redacted differences after normalisation and rules. */
  differences: Difference[];
  /** Paths among `differences` judged to be noise (learned from legacy-vs-legacy). */
  noise: string[];
  latencyPrimaryMs: number;
  latencyCandidateMs: number | null;
  /** Error code when the candidate failed (e.g. `SHD_ERR_TIMEOUT`), else null. */
  candidateError: string | null;
  /** True when a body passed the tee cap and was not compared. */
  tooLarge: boolean;
}
