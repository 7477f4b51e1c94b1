import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../legacy-adapters/index.js';

function clocked() {
  let t = 1_000_000;
  const breaker = createCircuitBreaker({ failureThreshold: 3, windowMs: 10_000, openMs: 5_000, now: () => t });
  return { breaker, advance: (ms: number) => (t += ms) };
}

describe('createCircuitBreaker', () => {
  it('opens after N failures within the window', () => {
    const { breaker } = clocked();
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state()).toBe('closed');
    expect(breaker.allow()).toBe(true);
    breaker.onFailure();
    expect(breaker.state()).toBe('open');
    expect(breaker.allow()).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const { breaker, advance } = clocked();
    breaker.onFailure();
    breaker.onFailure();
    advance(10_001);
    breaker.onFailure();
    expect(breaker.state()).toBe('closed');
  });

  it('lets exactly one probe through after openMs, and closes when it succeeds', () => {
    const { breaker, advance } = clocked();
    for (let i = 0; i < 3; i++) breaker.onFailure();
    advance(4_999);
    expect(breaker.allow()).toBe(false);
    advance(1);
    expect(breaker.state()).toBe('half-open');
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false);
    breaker.onSuccess();
    expect(breaker.state()).toBe('closed');
    expect(breaker.allow()).toBe(true);
    // Closing starts a fresh count.
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state()).toBe('closed');
  });

  it('reopens for another openMs when the probe fails', () => {
    const { breaker, advance } = clocked();
    for (let i = 0; i < 3; i++) breaker.onFailure();
    advance(5_000);
    expect(breaker.allow()).toBe(true);
    breaker.onFailure();
    expect(breaker.state()).toBe('open');
    advance(4_999);
    expect(breaker.allow()).toBe(false);
    advance(1);
    expect(breaker.allow()).toBe(true);
  });

  it('lets another probe through when the first never reported back', () => {
    const { breaker, advance } = clocked();
    for (let i = 0; i < 3; i++) breaker.onFailure();
    advance(5_000);
    expect(breaker.allow()).toBe(true);
    advance(4_999);
    expect(breaker.allow()).toBe(false);
    advance(1);
    expect(breaker.allow()).toBe(true);
  });

  it('ignores successes while closed and failures while open', () => {
    const { breaker, advance } = clocked();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state()).toBe('open');
    advance(3_000);
    breaker.onFailure();
    advance(2_000);
    expect(breaker.state()).toBe('half-open');
  });
});
