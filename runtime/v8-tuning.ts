import { setFlagsFromString } from 'node:v8';

const PRETENURING = /^--(no-)?allocation[-_]site[-_]pretenuring$/;

/**
 * The V8 flags a serving process sets for itself: allocation-site pretenuring off, unless node's
 * command line already says either way (`node --allocation-site-pretenuring …` keeps V8's default).
 *
 * Why off: V8 pretenures an allocation site, allocating its objects straight into old space, once
 * most of its objects have lived through scavenges. Under saturation, shadow jobs wait in the
 * limiter's queue for a slot and their objects do live through scavenges, so their sites are
 * pretenured, and stay so when the load falls back. A scavenge then keeps whatever those old
 * objects point at, dead or alive: every job's young state (promises, legacy's headers, the thread's
 * reply) lived through it and was promoted, and each scavenge took about twice as long. At ordinary
 * load after a 2 s burst, the paced shadow arms kept 478–512 KB a scavenge with pretenuring and
 * 136–195 KB without; legacy mode was the same either way (BENCHMARKS.md, "Two things that kept
 * every job alive").
 * The proxy's objects are a request's or a job's: none is meant to live long enough for
 * pretenuring to pay.
 */
export function proxyV8Flags(execArgv: readonly string[]): string[] {
  return execArgv.some((arg) => PRETENURING.test(arg)) ? [] : ['--no-allocation-site-pretenuring'];
}

/**
 * Set `proxyV8Flags` in this process; the flags set. Call it first thing in a process that serves
 * (`strangler serve` and its cluster workers), before the proxy has allocated anything: V8 reads the
 * flag whenever it weighs a site, so it holds from then on, in the shadow threads too.
 */
export function tuneV8ForProxy(execArgv: readonly string[] = process.execArgv): string[] {
  const flags = proxyV8Flags(execArgv);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
