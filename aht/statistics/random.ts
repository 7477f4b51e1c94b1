import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** A seedable source of uniform numbers, so bootstrap CIs and simulations are reproducible. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/** A Random seeded with `seed` (xoroshiro128+ from pure-rand). */
export function seededRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed | 0);
  const next = (): number => uniformFloat64(rng);
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}
