/**
 * Simulation study of the AHT statistics (seeded, bounded): coverage of the 95 % interval, the A/A
 * false-claim rate of the verdict (one look, and a look every day for 14 days) and power, for 6, 10,
 * 20 and 40 operators per arm and a 15 % canary (6 on new, 34 on legacy), with operator random effects
 * (some operators are simply slower). Handlings are drawn directly, not as events: the statistics are
 * under test here, sessionisation has its own tests.
 * Run: `npx tsc -p . && node dist/bench/aht-simulation.js` (AHT_SIM_REPS=N, BENCH_QUICK=1 for 100).
 */
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run-all.js';
import { compareArms, emptySample, type ArmSample } from '../aht/statistics/compare-arms.js';
import { seededRandom, type Random } from '../aht/statistics/random.js';
import { DEFAULT_LOOKS, perLookAlpha } from '../aht/statistics/sequential.js';

/** Options of the study. */
export interface SimulationStudyOptions {
  /** Replicates per design and scenario (default 400). */
  reps?: number;
  seed?: number;
}

/** One design: operators on each arm. */
interface Design {
  label: string;
  legacy: number;
  fresh: number;
}

const DESIGNS: readonly Design[] = [
  { label: '6/6', legacy: 6, fresh: 6 },
  { label: '10/10', legacy: 10, fresh: 10 },
  { label: '20/20', legacy: 20, fresh: 20 },
  { label: '40/40', legacy: 40, fresh: 40 },
  { label: '34/6 (15 % canary)', legacy: 34, fresh: 6 },
];

const MEAN_S = 300;
const SIGMA = 0.6; // log-normal shape of one handling: a heavy right tail
const OPERATOR_SIGMA = 0.3; // log-normal spread of operator speed: ICC ≈ 0.2
const DAYS = 14;
const EFFECT_S = -40;
const MARGIN_S = 5;
const MIN_OPERATORS = 5;

interface Handled {
  arm: 'legacy' | 'new';
  operator: string;
  day: number;
  duration: number;
}

/** One replicate: each operator's speed, 1–3 handlings a day for DAYS days. */
function draw(rnd: Random, d: Design, effectS: number): Handled[] {
  const out: Handled[] = [];
  const add = (arm: 'legacy' | 'new', k: number): void => {
    for (let o = 0; o < k; o++) {
      const speed = Math.exp(OPERATOR_SIGMA * rnd.normal() - OPERATOR_SIGMA ** 2 / 2);
      for (let day = 1; day <= DAYS; day++) {
        const n = 1 + rnd.int(3);
        for (let j = 0; j < n; j++) {
          const base = MEAN_S * speed * Math.exp(SIGMA * rnd.normal() - SIGMA ** 2 / 2);
          out.push({ arm, operator: `${arm}-${o}`, day, duration: arm === 'new' ? base * (1 + effectS / MEAN_S) : base });
        }
      }
    }
  };
  add('legacy', d.legacy);
  add('new', d.fresh);
  return out;
}

function compare(hs: readonly Handled[], uptoDay: number) {
  const legacy: ArmSample = emptySample();
  const fresh: ArmSample = emptySample();
  for (const h of hs) {
    if (h.day > uptoDay) continue;
    const s = h.arm === 'new' ? fresh : legacy;
    s.values_s.push(h.duration);
    s.operators.push(h.operator);
  }
  return compareArms(legacy, fresh, { marginS: MARGIN_S, minOperators: MIN_OPERATORS, lookAlpha: perLookAlpha(DEFAULT_LOOKS), days: uptoDay });
}

/** The figures of one design. */
export interface DesignFigures {
  design: string;
  coverage: number;
  aaFalseClaims: number;
  aaFalseClaimsDaily: number;
  aaSingleLookP05: number;
  aaSingleLookP05Daily: number;
  power: number;
  powerSingleLookP05: number;
}

/** Run the study: every design, A/A and with an effect of −40 s. */
export function study(opts: SimulationStudyOptions = {}): DesignFigures[] {
  const reps = opts.reps ?? 400;
  const rnd = seededRandom(opts.seed ?? 2026);
  return DESIGNS.map((d) => {
    let covered = 0;
    let aa = 0;
    let aaDaily = 0;
    let aa05 = 0;
    let aa05Daily = 0;
    let hits = 0;
    let hits05 = 0;
    for (let r = 0; r < reps; r++) {
      const nul = draw(rnd, d, 0);
      let anyVerdict = false;
      let anyP05 = false;
      for (let day = 1; day <= DAYS; day++) {
        const c = compare(nul, day);
        const claim = c.verdict === 'new-faster' || c.verdict === 'new-slower';
        const p05 = c.difference.p_value !== null && c.difference.p_value < 0.05;
        if (claim) anyVerdict = true;
        if (p05) anyP05 = true;
        if (day === DAYS) {
          if (claim) aa++;
          if (p05) aa05++;
        }
      }
      if (anyVerdict) aaDaily++;
      if (anyP05) aa05Daily++;
      const eff = compare(draw(rnd, d, EFFECT_S), DAYS);
      const lo = eff.difference.ci_low_s;
      const hi = eff.difference.ci_high_s;
      if (lo !== null && hi !== null && lo <= EFFECT_S && EFFECT_S <= hi) covered++;
      if (eff.verdict === 'new-faster') hits++;
      if (eff.difference.p_value !== null && eff.difference.p_value < 0.05 && (eff.difference.mean_s ?? 0) < 0) hits05++;
    }
    const f = (x: number): number => Math.round((x / reps) * 1000) / 1000;
    return {
      design: d.label,
      coverage: f(covered),
      aaFalseClaims: f(aa),
      aaFalseClaimsDaily: f(aaDaily),
      aaSingleLookP05: f(aa05),
      aaSingleLookP05Daily: f(aa05Daily),
      power: f(hits),
      powerSingleLookP05: f(hits05),
    };
  });
}

/** The bench entry: figures and targets (coverage ≥ 93 %, A/A false claims ≤ 6 % at every size). */
export async function run(opts: SimulationStudyOptions = {}): Promise<BenchResult> {
  const reps = opts.reps ?? 400;
  const rows = study({ ...opts, reps });
  const figures: Record<string, number> = { reps };
  const targets: BenchResult['targets'] = {};
  for (const r of rows) {
    const key = r.design.split(' ')[0];
    figures[`coverage ${key}`] = r.coverage;
    figures[`A/A false claims ${key}`] = r.aaFalseClaims;
    figures[`A/A false claims, daily looks ${key}`] = r.aaFalseClaimsDaily;
    figures[`power at ${EFFECT_S} s ${key}`] = r.power;
    targets[`coverage ${key}`] = { value: r.coverage, target: '>= 0.93', met: r.coverage >= 0.93 };
    targets[`A/A false claims ${key}`] = { value: r.aaFalseClaims, target: '<= 0.06', met: r.aaFalseClaims <= 0.06 };
    targets[`A/A false claims, daily looks ${key}`] = { value: r.aaFalseClaimsDaily, target: '<= 0.06', met: r.aaFalseClaimsDaily <= 0.06 };
  }
  return { name: 'aht-simulation', config: { reps, days: DAYS, effect_s: EFFECT_S, operator_sigma: OPERATOR_SIGMA, sigma: SIGMA, looks: DEFAULT_LOOKS }, figures, targets };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reps = Number(process.env.AHT_SIM_REPS ?? (process.env.BENCH_QUICK === '1' ? 100 : 400));
  const t = Date.now();
  const rows = study({ reps });
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`.padStart(8);
  console.log(`AHT simulation: ${reps} replicates per design, ${DAYS} days, 1–3 handlings per operator a day, log-normal σ ${SIGMA}, operator σ ${OPERATOR_SIGMA}, effect ${EFFECT_S} s on ${MEAN_S} s`);
  console.log('design (legacy/new) | coverage 95% CI | A/A verdict, one look | A/A verdict, 14 daily looks | A/A p<0.05, one look | A/A p<0.05, 14 daily looks | power verdict | power p<0.05');
  for (const r of rows) {
    console.log(
      `${r.design.padEnd(19)} | ${pct(r.coverage)} | ${pct(r.aaFalseClaims)} | ${pct(r.aaFalseClaimsDaily)} | ${pct(r.aaSingleLookP05)} | ${pct(r.aaSingleLookP05Daily)} | ${pct(r.power)} | ${pct(r.powerSingleLookP05)}`,
    );
  }
  console.log(`(${((Date.now() - t) / 1000).toFixed(1)} s)`);
}
