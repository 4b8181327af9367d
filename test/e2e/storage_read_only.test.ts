/**
 * A read-only data directory at start, for real (root ignores mode bits, so a tmpfs mounted or
 * remounted `ro`), with the broker process under Deno and Bun: it refuses to start, exits 1
 * with one line naming the directory and the cause, and prints no stack trace. After the
 * remount back to read-write it starts and serves every record written before.
 *
 * Needs `mount -t tmpfs` (root); skipped with the reason printed when that is not allowed.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostCommand, hosts, run, startBrokerProcess } from "../_support/broker_process.ts";
import { kcatValues, mountTmpfs, readyz, umount } from "./storage_clients.ts";

setDefaultTimeout(120_000);

function mountCheck(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "tributary-mountcheck-"));
  const reason = mountTmpfs(dir, "1m");
  if (reason === undefined) umount(dir);
  rmdirSync(dir);
  return reason;
}
const cannotMount = mountCheck();
if (cannotMount) console.log(`storage_read_only: skipped, ${cannotMount}`);

function remount(dir: string, mode: "ro" | "rw"): void {
  const r = spawnSync("mount", ["-o", `remount,${mode}`, dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`remount ${mode} failed: ${r.stderr}`);
}

/** `tributary serve` on `dataDir` expected to exit by itself; its exit code and output. */
async function serveExpectingExit(host: "deno" | "bun", dataDir: string) {
  const [cmd, args] = hostCommand(host, ["serve", "--data-dir", dataDir, "--mqtt-port", "0", "--kafka-port", "0", "--http-port", "0"]);
  return await run(cmd, args, { timeoutMs: 60_000 });
}

for (const host of hosts) {
  describe.skipIf(cannotMount !== undefined)(`read-only data directory at start, broker on ${host}`, () => {
    const mnt = mkdtempSync(join(tmpdir(), `tributary-ro-${host}-`));
    const dataDir = join(mnt, "data");
    const values = Array.from({ length: 10 }, (_, i) => `ro-${i}`);

    beforeAll(() => {
      const reason = mountTmpfs(mnt, "8m");
      if (reason) throw new Error(reason);
    });

    afterAll(() => {
      umount(mnt);
      rmSync(mnt, { recursive: true, force: true });
    });

    test("a data dir remounted read-only: exit 1, one clear line, no stack trace", async () => {
      const broker = await startBrokerProcess(host, { dataDir });
      const k = await run("kcat", ["-b", `127.0.0.1:${broker.ports.kafka}`, "-P", "-t", "ro-topic"], { input: values.join("\n") + "\n" });
      expect(k.code).toBe(0);
      expect(await broker.stop()).toBe(0);
      remount(mnt, "ro");
      const r = await serveExpectingExit(host, dataDir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`tributary: data directory ${dataDir} cannot be written: it is read-only or not writable by this user`);
      expect(r.stderr).toMatch(/EROFS|Read-only file system/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).not.toContain("listening on");
    });

    test("a missing data dir under a read-only mount: same refusal", async () => {
      const r = await serveExpectingExit(host, join(mnt, "new-dir"));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`tributary: data directory ${join(mnt, "new-dir")} cannot be written`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });

    test("remounted read-write, the broker starts and serves every record", async () => {
      remount(mnt, "rw");
      const broker = await startBrokerProcess(host, { dataDir });
      try {
        expect(await kcatValues(broker.ports.kafka!, "ro-topic")).toEqual(values);
        expect((await readyz(broker.ports.http!)).status).toBe(200);
      } finally {
        expect(await broker.stop()).toBe(0);
      }
    });
  });
}
