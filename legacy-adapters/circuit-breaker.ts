/** closed: calls flow; open: calls are refused; half-open: one probe call is let through. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Options of {@link createCircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Failures within `windowMs` that open the circuit. */
  failureThreshold: number;
  windowMs: number;
  /** How long the circuit stays open before one probe is let through. */
  openMs: number;
  /** Clock in ms (tests inject one). */
  now?: () => number;
}

/** A per-route circuit breaker: pure logic, no timers. */
export interface CircuitBreaker {
  /** May a call go to the candidate now? In half-open, true once (the probe). */
  allow(): boolean;
  /** Report a call that reached a healthy candidate. */
  onSuccess(): void;
  /** Report a candidate failure (connect, timeout, 5xx, invalid answer, fatal GraphQL error). */
  onFailure(): void;
  state(): BreakerState;
}

/** closed → open after `failureThreshold` failures within `windowMs` → half-open after `openMs` → closed on a successful probe. */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  let state: BreakerState = 'closed';
  let failures: number[] = [];
  let openedAt = 0;
  let probeSince: number | null = null;

  const open = () => {
    state = 'open';
    openedAt = now();
    probeSince = null;
    failures = [];
  };
  const current = (): BreakerState => {
    if (state === 'open' && now() - openedAt >= options.openMs) {
      state = 'half-open';
      probeSince = null;
    }
    return state;
  };

  return {
    allow() {
      const s = current();
      if (s === 'closed') return true;
      if (s === 'open') return false;
      // A probe whose outcome never came back must not keep the circuit shut for ever.
      if (probeSince !== null && now() - probeSince < options.openMs) return false;
      probeSince = now();
      return true;
    },
    onSuccess() {
      if (current() === 'half-open') {
        state = 'closed';
        failures = [];
        probeSince = null;
      }
    },
    onFailure() {
      const s = current();
      if (s === 'half-open') return open();
      if (s === 'open') return;
      const t = now();
      failures = failures.filter((f) => t - f < options.windowMs);
      failures.push(t);
      if (failures.length >= options.failureThreshold) open();
    },
    state: current,
  };
}
