import { Z_80, Z_90, Z_975 } from './normal.js';

/**
 * Cases per arm for 80% power at the observed effect (two-sided α = 0.05, equal arms, normal
 * approximation): to show a difference when |effect| ≥ margin, else to show equivalence within ±margin
 * (two one-sided tests). Null when the effect or the spread gives no finite answer.
 */
export function neededPerArm(sd: number, effect: number, marginS: number): number | null {
  if (!(sd > 0)) return null;
  const a = Math.abs(effect);
  if (a >= marginS) {
    if (a === 0) return null;
    return Math.ceil((2 * (Z_975 + Z_80) ** 2 * sd * sd) / (a * a));
  }
  const room = marginS - a;
  return Math.ceil((2 * (Z_975 + Z_90) ** 2 * sd * sd) / (room * room));
}
