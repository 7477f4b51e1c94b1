import type { ShadowResult } from '../model/shadow-result.js';
import type { ResultSink } from './experiment.js';

/** A bounded in-memory sink (tests, the demo, a proxy started without a store). */
export interface MemorySink extends ResultSink {
  /** Results kept, oldest first. */
  readonly results: readonly ShadowResult[];
  /** Results pushed out because the sink was full. */
  readonly evicted: number;
}

/** Keep the last `limit` results (default 10 000) in memory; older ones are evicted and counted. */
export function createMemorySink(limit = 10_000): MemorySink {
  const results: ShadowResult[] = [];
  let evicted = 0;
  return {
    pushResult(result) {
      results.push(result);
      if (results.length > limit) {
        results.shift();
        evicted++;
      }
    },
    results,
    get evicted() {
      return evicted;
    },
  };
}
