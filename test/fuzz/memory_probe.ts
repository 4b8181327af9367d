/**
 * The allocator's committed peak, to catch an input that makes the broker allocate far more
 * than it was sent (a length or count trusted before the bytes arrive). Bun exposes mimalloc's
 * counters through `bun:jsc`; other hosts report nothing and the check is skipped there.
 */
type Probe = () => number;

let probe: Probe | null | undefined;

/** Committed peak in bytes, or null where the host cannot tell. */
export async function committedPeak(): Promise<number | null> {
  if (probe === undefined) {
    probe = null;
    if ("Bun" in globalThis) {
      const jsc = (await import("bun:jsc")) as { memoryUsage(): { peakCommit: number } };
      probe = () => jsc.memoryUsage().peakCommit;
    }
  }
  return probe ? probe() : null;
}
