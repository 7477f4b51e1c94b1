/** Methods that must not change state (RFC 9110 §9.2.1): the only ones replayed without a dry-run form. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True for GET, HEAD and OPTIONS. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** Per-request coin flips for the shadow `sample` and the legacy-vs-legacy `noise` fractions. */
export interface Sampler {
  /** True for a `fraction` (0..1) of calls. */
  sample(fraction: number): boolean;
  /** True for a `fraction` of safe requests; never for a write, whatever the fraction. */
  noise(fraction: number, method: string): boolean;
}

/** A sampler over `random` (default Math.random; tests pass a seeded or fixed one). */
export function createSampler(random: () => number = Math.random): Sampler {
  const flip = (fraction: number): boolean => fraction >= 1 || (fraction > 0 && random() < fraction);
  return {
    sample: flip,
    noise: (fraction, method) => isSafeMethod(method) && flip(fraction),
  };
}
