/**
 * Benjamini–Hochberg adjusted p-values (step-up, as R's p.adjust(method = "BH") and scipy's
 * false_discovery_control): rejecting where adjusted p < q keeps the expected share of false
 * discoveries among the rejections ≤ q. Nulls (no test) stay null and do not count.
 */
export function benjaminiHochberg(ps: readonly (number | null)[]): (number | null)[] {
  const idx = ps.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== null);
  const m = idx.length;
  idx.sort((a, b) => a.p - b.p);
  const out: (number | null)[] = ps.map(() => null);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    running = Math.min(running, (idx[r].p * m) / (r + 1));
    out[idx[r].i] = running;
  }
  return out;
}
