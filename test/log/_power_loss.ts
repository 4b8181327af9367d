/**
 * Power-loss damage for the log on an in-memory filesystem, the way an SD card shows it after
 * the power went: data files cut at random positions, tails overwritten with random bytes or
 * zero-filled pages (also past the old end), in closed segments as well as the active one and
 * in several trailing segments at once; index files deleted, cut or garbled. Deterministic
 * for a seed. The "truth" is read from the files before the damage.
 */
import type { MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { scanBatches, readBatchHeader } from "../../broker/log/record_batch.ts";
import { parseSegmentName, segmentFileName } from "../../broker/log/segment.ts";

/** Small deterministic PRNG (Mulberry32). */
export function prng(seed: number): { next: () => number; int: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)]! };
}

/** One batch as stored before the damage. */
export interface StoredBatch {
  /** Position in the partition's byte history (segments concatenated in offset order). */
  globalStart: number;
  globalEnd: number;
  baseOffset: number;
  lastOffset: number;
  baseTimestamp: number;
  bytes: Uint8Array;
}

/** A partition directory's segments and batches before the damage. */
export interface PartitionTruth {
  dir: string;
  segments: Array<{ base: number; bytes: Uint8Array; globalStart: number }>;
  batches: StoredBatch[];
  total: number;
}

/** Read a partition directory's segments and their batches (CRC-checked). */
export async function readTruth(fs: MemoryFileSystem, dir: string): Promise<PartitionTruth> {
  const bases = ((await fs.readDir(dir)) ?? []).map((e) => parseSegmentName(e.name)).filter((b): b is number => b !== undefined).sort((a, b) => a - b);
  const segments: PartitionTruth["segments"] = [];
  const batches: StoredBatch[] = [];
  let global = 0;
  for (const base of bases) {
    const bytes = (await fs.readFile(`${dir}/${segmentFileName(base, ".log")}`))!;
    const scan = scanBatches(bytes, 0, bytes.length, {
      maxSize: 1 << 30,
      visit: (pos, size) => {
        const h = readBatchHeader(bytes, pos);
        batches.push({
          globalStart: global + pos,
          globalEnd: global + pos + size,
          baseOffset: h.baseOffset,
          lastOffset: h.baseOffset + h.lastOffsetDelta,
          baseTimestamp: h.baseTimestamp,
          bytes: bytes.slice(pos, pos + size),
        });
      },
    });
    if (scan.validEnd !== bytes.length) throw new Error(`${dir}/${base}: the undamaged log is not whole (${scan.problem})`);
    segments.push({ base, bytes, globalStart: global });
    global += bytes.length;
  }
  return { dir, segments, batches, total: global };
}

/** What was done to one partition, and where its first damaged byte is. */
export interface Damage {
  /** Global position of the first byte that differs (or is gone); `total` when undamaged. */
  firstDamaged: number;
  actions: string[];
}

const PAGE = 4096;

/**
 * Damage the tail of a partition: pick a position in its last segments (often a closed one) and
 * cut, garble or zero from there; later segments are each left alone, cut, emptied, garbled or
 * zero-extended. Returns the first global byte that actually changed.
 */
export async function damagePartition(fs: MemoryFileSystem, truth: PartitionTruth, rand: ReturnType<typeof prng>): Promise<Damage> {
  const actions: string[] = [];
  const segs = truth.segments;
  if (segs.length === 0 || truth.total === 0) return { firstDamaged: truth.total, actions };
  // Power loss hits what was written last: one of the last three segments, anywhere in it.
  const first = Math.max(0, segs.length - 1 - rand.int(3));
  const images = segs.map((s) => s.bytes.slice() as Uint8Array);
  const garble = (i: number, from: number) => {
    const img = images[i]!;
    const kind = rand.pick(["truncate", "random", "zero-page", "zero-extend", "truncate-zero"] as const);
    const at = Math.min(from, img.length);
    if (kind === "truncate") images[i] = img.slice(0, at);
    else if (kind === "random") {
      const end = Math.min(img.length, at + 1 + rand.int(800));
      for (let p = at; p < end; p++) img[p] = rand.int(256);
    } else if (kind === "zero-page") {
      const start = Math.floor(at / PAGE) * PAGE;
      const out = new Uint8Array(Math.max(img.length, start + PAGE));
      out.set(img.subarray(0, start));
      images[i] = out; // the page and everything after it reads as zeros, length possibly grown
    } else if (kind === "zero-extend") {
      const out = new Uint8Array(img.length + 1 + rand.int(PAGE));
      out.set(img);
      images[i] = out;
    } else images[i] = img.slice(0, at - (at % PAGE)); // cut back to a page boundary
    actions.push(`${segmentFileName(segs[i]!.base, ".log")}: ${kind} at ${at}`);
  };
  garble(first, rand.int(Math.max(1, segs[first]!.bytes.length + 1)));
  for (let i = first + 1; i < segs.length; i++) {
    const fate = rand.int(4);
    if (fate === 0) continue; // written in time
    if (fate === 1) {
      images[i] = new Uint8Array(0);
      actions.push(`${segmentFileName(segs[i]!.base, ".log")}: emptied`);
    } else garble(i, rand.int(Math.max(1, segs[i]!.bytes.length)));
  }
  let firstDamaged = truth.total;
  for (let i = 0; i < segs.length && firstDamaged === truth.total; i++) {
    const before = segs[i]!.bytes;
    const after = images[i]!;
    const n = Math.min(before.length, after.length);
    let p = 0;
    while (p < n && before[p] === after[p]) p++;
    if (p < n || after.length !== before.length) firstDamaged = segs[i]!.globalStart + p;
  }
  for (let i = 0; i < segs.length; i++) await fs.writeFile(`${truth.dir}/${segmentFileName(segs[i]!.base, ".log")}`, images[i]!);
  return { firstDamaged, actions };
}

/** Bytes the partition's data files hold now. */
export async function bytesOnDisk(fs: MemoryFileSystem, truth: PartitionTruth): Promise<number> {
  let n = 0;
  for (const seg of truth.segments) n += (await fs.stat(`${truth.dir}/${segmentFileName(seg.base, ".log")}`))?.size ?? 0;
  return n;
}

/** Delete, cut or garble some of a partition's index files (the data stays as it is). */
export async function damageIndexes(fs: MemoryFileSystem, truth: PartitionTruth, rand: ReturnType<typeof prng>): Promise<string[]> {
  const actions: string[] = [];
  for (const seg of truth.segments) {
    for (const suffix of [".index", ".timeindex"]) {
      if (rand.next() < 0.6) continue;
      const path = `${truth.dir}/${segmentFileName(seg.base, suffix)}`;
      const bytes = (await fs.readFile(path)) ?? new Uint8Array(0);
      const kind = rand.pick(["delete", "empty", "cut", "random", "zeros"] as const);
      if (kind === "delete") await fs.remove(path).catch(() => {});
      else if (kind === "empty") await fs.writeFile(path, new Uint8Array(0));
      else if (kind === "cut") await fs.writeFile(path, bytes.slice(0, rand.int(bytes.length + 1)));
      else if (kind === "random") await fs.writeFile(path, bytes.map(() => rand.int(256)));
      else await fs.writeFile(path, new Uint8Array(bytes.length + 8 * rand.int(4)));
      actions.push(`${segmentFileName(seg.base, suffix)}: ${kind}`);
    }
  }
  return actions;
}
