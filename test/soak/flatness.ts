/**
 * Is a resource series flat? The first third is warm-up (caches, connection ramp, JIT); the
 * judgement compares the mean of the last third to the mean of the middle third and fits a
 * least-squares line through the last two thirds: both the step between the thirds and the
 * line's rise across those two thirds must stay within a tolerance of
 * `max(relative × middle mean, absolute)`. A leak grows steadily and fails both.
 */

/** The verdict on one series. */
export interface Flatness {
  samples: number;
  first: number;
  last: number;
  max: number;
  middleMean: number;
  lastMean: number;
  /** Lowest values of the middle and last thirds (informational: after a GC, what stays). */
  middleMin: number;
  lastMin: number;
  /** Fitted rise per hour over the last two thirds. */
  slopePerHour: number;
  /** Fitted rise across the judged window (last two thirds). */
  fittedRise: number;
  tolerance: number;
  flat: boolean;
}

/** Judge `values` sampled at `atMs` (same length, at least 6 points). */
export function judgeFlatness(atMs: number[], values: number[], relative: number, absolute: number): Flatness {
  const n = values.length;
  if (n < 6 || atMs.length !== n) throw new Error(`need at least 6 paired samples, got ${n}`);
  const third = Math.floor(n / 3);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const middle = values.slice(third, n - third);
  const tail = values.slice(n - third);
  const middleMean = mean(middle);
  const lastMean = mean(tail);
  const ts = atMs.slice(third).map((t) => t / 3_600_000);
  const ys = values.slice(third);
  const tMean = mean(ts);
  const yMean = mean(ys);
  let num = 0;
  let den = 0;
  for (let i = 0; i < ts.length; i++) {
    num += (ts[i]! - tMean) * (ys[i]! - yMean);
    den += (ts[i]! - tMean) ** 2;
  }
  const slopePerHour = den > 0 ? num / den : 0;
  const fittedRise = slopePerHour * (ts[ts.length - 1]! - ts[0]!);
  const tolerance = Math.max(relative * middleMean, absolute);
  return {
    samples: n,
    first: values[0]!,
    last: values[n - 1]!,
    max: Math.max(...values),
    middleMean,
    lastMean,
    middleMin: Math.min(...middle),
    lastMin: Math.min(...tail),
    slopePerHour,
    fittedRise,
    tolerance,
    flat: lastMean - middleMean <= tolerance && fittedRise <= tolerance,
  };
}
