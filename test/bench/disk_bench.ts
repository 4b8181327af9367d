/**
 * The disk's own write+fdatasync bandwidth, outside either JavaScript runtime: `dd` with
 * `oflag=dsync` (every write synchronous, as a write followed by fdatasync) at the write sizes the
 * log uses, into the temp directory the other benches write to. The report's reference for
 * "Kafka produce ≥ 80% of the disk's fdatasync bandwidth". Not run by CI.
 *   ./node_modules/.bin/bun test/bench/disk_bench.ts
 * Env: BENCH_DISK_MB (megabytes written per size, default 256), BENCH_DIR (default: the OS temp dir).
 * On a shared virtual disk the figure drifts several-fold within minutes; run.ts runs it right
 * before the Kafka bench it is the reference of.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emitResult } from "./_emit.ts";

const MB = Number(process.env.BENCH_DISK_MB ?? 256);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "tributary-disk-bench-"));
const rows: Array<{ writeBytes: number; sync: boolean; mibps: number }> = [];
try {
  for (const kib of [256, 1024]) {
    for (const sync of [true, false]) {
      const file = join(dir, "dd.out");
      const count = Math.max(1, Math.floor((MB * 1024) / kib));
      const r = spawnSync("dd", ["if=/dev/zero", `of=${file}`, `bs=${kib}K`, `count=${count}`, ...(sync ? ["oflag=dsync"] : ["conv=fdatasync"])], { encoding: "utf8" });
      // "134217728 bytes (134 MB, 128 MiB) copied, 0.669388 s, 201 MB/s"
      const m = /^(\d+) bytes .* copied, ([\d.]+) s/m.exec(r.stderr);
      if (r.status !== 0 || !m) throw new Error(`dd failed: ${r.stderr}`);
      const mibps = Number(m[1]) / Number(m[2]) / 1048576;
      rows.push({ writeBytes: kib * 1024, sync, mibps });
      console.log(`dd ${kib} KiB writes ${sync ? "each followed by fdatasync (oflag=dsync)" : "then one fdatasync (conv=fdatasync)"}: ${mibps.toFixed(1)} MiB/s`);
      rmSync(file, { force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
emitResult("disk", { megabytes: MB, rows });
