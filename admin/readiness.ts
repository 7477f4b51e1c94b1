/** One input of /readyz: `ok` false takes the instance out of the load balancer's rotation. */
export interface ReadinessResult {
  ok: boolean;
  /** Why not ok, in a sentence an operator can act on. */
  reason?: string;
  /** Figures shown in the body (ages, counts). */
  [detail: string]: unknown;
}

/** A named check; it must answer fast (it runs on every probe). */
export interface ReadinessCheck {
  name: string;
  check(): ReadinessResult | Promise<ReadinessResult>;
}

/** What /readyz answers: the verdict, the reasons for it, and every check's figures. */
export interface ReadinessReport {
  ready: boolean;
  reasons: string[];
  checks: Record<string, ReadinessResult>;
  /** Reported, never able to fail readiness (see below). */
  legacy: { reachable: boolean };
}

/** Inputs of {@link assessReadiness}. */
export interface ReadinessSources {
  /** True from SIGTERM on: the instance still serves, but asks the load balancer to send no more. */
  draining(): boolean;
  /** Checks beyond the proxy's own (flags fresh, store buffering). */
  checks: readonly ReadinessCheck[];
  legacyReachable(): Promise<boolean>;
}

/**
 * Can this instance serve? Config is loaded (the process would not run otherwise), it is not draining,
 * and every check passes. Legacy reachability is reported but never makes it unready: every instance
 * shares one legacy, so a legacy blip would take every instance out at once, and an instance out of
 * rotation cannot even answer the coded 502 that tells the operator what is wrong.
 */
export async function assessReadiness(sources: ReadinessSources): Promise<ReadinessReport> {
  const checks: Record<string, ReadinessResult> = { config: { ok: true } };
  const draining = sources.draining();
  checks.draining = draining ? { ok: false, reason: 'shutting down (SIGTERM): finishing requests before the port closes' } : { ok: true };
  const [legacy, ...results] = await Promise.all([
    sources.legacyReachable().catch(() => false),
    ...sources.checks.map(async (c) => {
      try {
        return await c.check();
      } catch (err) {
        return { ok: false, reason: `check failed: ${(err as Error).message}` };
      }
    }),
  ]);
  sources.checks.forEach((c, i) => (checks[c.name] = results[i]));
  const reasons = Object.entries(checks).filter(([, r]) => !r.ok).map(([name, r]) => `${name}: ${r.reason ?? 'not ok'}`);
  return { ready: reasons.length === 0, reasons, checks, legacy: { reachable: legacy } };
}
