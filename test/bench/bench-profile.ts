// How long and how hard each part of the benchmark runs: the full run (about five minutes on a
// 2-core machine) and the CI smoke run (tiny loads, seconds per part, figures not meaningful).

export interface LadderProfile {
  /** Fractions of the probed capacity to offer, in ascending order. */
  fractions: number[];
  stepMs: number;
  warmFraction: number;
  graceMs: number;
  /** Units of the first capacity probe, and the cap of the second (sized to `probeSeconds`). */
  firstProbe: number;
  probeSeconds: number;
  maxProbe: number;
  /** The lowest rate worth offering (per second). */
  minRate: number;
}

export interface BenchProfile {
  name: 'full' | 'smoke';
  b0: LadderProfile;
  p: LadderProfile;
  /** SKUs of the scenario seeded (x 4 locations = the subjects stock reports cycle through). */
  seedSkus: number;
  /** Units for the agent-proposal probe and the tracing probes. */
  agentProbe: number;
  otelProbeSeconds: number;
  otelMaxProbe: number;
  /** Rounds of tracing off and on in turn (R_otel is the median round's ratio). */
  otelRounds: number;
  /** Longest wait for a backlog to drain between parts. */
  drainMs: number;
  policy: { decisions: number; rounds: number; passes: number };
}

export const FULL: BenchProfile = {
  name: 'full',
  b0: { fractions: [0.25, 0.5, 0.75, 0.9, 1.0, 1.15], stepMs: 8_000, warmFraction: 0.25, graceMs: 5_000, firstProbe: 5_000, probeSeconds: 6, maxProbe: 120_000, minRate: 100 },
  p: { fractions: [0.25, 0.5, 0.75, 0.9, 1.0, 1.15], stepMs: 12_000, warmFraction: 0.25, graceMs: 15_000, firstProbe: 400, probeSeconds: 10, maxProbe: 8_000, minRate: 5 },
  seedSkus: 40,
  agentProbe: 2_000,
  otelProbeSeconds: 12,
  otelMaxProbe: 8_000,
  otelRounds: 3,
  drainMs: 60_000,
  policy: { decisions: 400, rounds: 5, passes: 5 },
};

export const SMOKE: BenchProfile = {
  name: 'smoke',
  b0: { fractions: [0.5, 1.1], stepMs: 2_500, warmFraction: 0.25, graceMs: 3_000, firstProbe: 500, probeSeconds: 0, maxProbe: 500, minRate: 20 },
  p: { fractions: [0.5, 1.1], stepMs: 3_000, warmFraction: 0.25, graceMs: 8_000, firstProbe: 40, probeSeconds: 0, maxProbe: 40, minRate: 2 },
  seedSkus: 3,
  agentProbe: 40,
  otelProbeSeconds: 0,
  otelMaxProbe: 40,
  otelRounds: 1,
  drainMs: 20_000,
  policy: { decisions: 40, rounds: 3, passes: 3 },
};
