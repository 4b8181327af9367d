/**
 * Where one QoS 1 cycle's time goes: runs `tools/prof_qos1.ts` against a copy of HEAD whose
 * broker records a timestamp at four points (socket read, ack write, fdatasync start and end,
 * group written), then prints how long each step of a publisher's cycle takes. The broker in
 * the working tree is never touched: the probes are patched into a `git archive` in a temp dir.
 *
 *   ./node_modules/.bin/bun tools/cycle_trace.ts            Deno host (default)
 *   HOST_RT=bun ./node_modules/.bin/bun tools/cycle_trace.ts
 * env: MSGS per publisher (default 200000), EVENTS recorded before the dump (default 20000).
 *
 * Session 4 (Deno, 4 × window 100): every read was one publisher's whole window (11.7 KB) and
 * every ack write 100 PUBACKs; fdatasync p50 0.44 ms with the device busy 87% of the time;
 * ack write → that publisher's next read p50 0.32 ms. The patch anchors are exact source
 * lines: when one moves, this tool stops with the anchor it could not find.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const events = Number(process.env.EVENTS ?? 20_000);
const work = mkdtempSync(join(tmpdir(), "cycle-trace-"));
const traceFile = join(work, "trace.txt");

/** The probe: appends (time, kind, a, b) and writes the lot once `events` are recorded. */
const probe = `((globalThis as any).__cycleTrace ??= (() => {
  const ev: number[] = [];
  return { add(k: number, a: number, b: number) {
    ev.push(performance.now(), k, a, b);
    if (ev.length === 4 * ${events}) void import("node:fs").then((fs) => fs.writeFileSync(${JSON.stringify(traceFile)}, ev.join(",")));
  } };
})())`;

const patches: Array<[file: string, anchor: string, replacement: string]> = [
  ["broker/mqtt/connection.ts", "        const chunk = await this.socket.read();\n", `        const chunk = await this.socket.read();\n        if (chunk) ${probe}.add(1, this.socket.remotePort, chunk.length);\n`],
  ["broker/mqtt/write_queue.ts", "          await this.#socket.write(bytes);", `          ${probe}.add(2, this.#socket.remotePort, bytes.length);\n          await this.#socket.write(bytes);`],
  ["broker/log/append_pipeline.ts", "      await seg.log!.datasync();", `      ${probe}.add(3, 0, 0);\n      await seg.log!.datasync();\n      ${probe}.add(4, 0, 0);`],
  ["broker/log/append_pipeline.ts", "      this.written = markOf(this.o.set, this.leo);", `      this.written = markOf(this.o.set, this.leo);\n      ${probe}.add(5, group.length, 0);`],
];

try {
  const tree = join(work, "tree");
  const archive = spawnSync("sh", ["-c", `mkdir -p '${tree}' && git -C '${root}' archive HEAD | tar -x -C '${tree}'`], { stdio: "inherit" });
  if (archive.status !== 0) throw new Error("git archive failed");
  for (const [file, anchor, replacement] of patches) {
    const path = join(tree, file);
    const text = readFileSync(path, "utf8");
    if (!text.includes(anchor)) throw new Error(`${file}: anchor not found: ${JSON.stringify(anchor)}`);
    writeFileSync(path, text.replace(anchor, replacement));
  }
  symlinkSync(join(root, "node_modules"), join(tree, "node_modules"));
  const host = process.env.HOST_RT ?? "deno";
  const run = spawnSync(join(root, "node_modules/.bin/bun"), ["tools/prof_qos1.ts"], {
    cwd: tree,
    env: { ...process.env, HOST_RT: host, NOPROF: "1", MSGS: process.env.MSGS ?? "200000" },
    encoding: "utf8",
  });
  process.stdout.write(run.stdout.split("\n").slice(0, 2).join("\n") + "\n");
  if (!existsSync(traceFile)) throw new Error(`no trace: fewer than ${events} events (raise MSGS or lower EVENTS)\n${run.stderr}`);
  report(readFileSync(traceFile, "utf8").split(",").map(Number));
} finally {
  rmSync(work, { recursive: true, force: true });
}

function report(values: number[]): void {
  const all: Array<[t: number, kind: number, a: number, b: number]> = [];
  for (let i = 0; i < values.length; i += 4) all.push([values[i]!, values[i + 1]!, values[i + 2]!, values[i + 3]!]);
  const ev = all.slice(all.length / 4); // the first quarter is warm-up
  const q = (xs: number[], unit = "ms") => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (f: number) => s[Math.min(s.length - 1, Math.floor(s.length * f))]!.toFixed(3);
    return s.length === 0 ? "none" : `p10 ${at(0.1)}  p50 ${at(0.5)}  p90 ${at(0.9)} ${unit}  (n ${s.length})`;
  };
  const fsync: number[] = [];
  const gap: number[] = [];
  const firstAck: number[] = [];
  const response: number[] = [];
  const groups: number[] = [];
  const reads: number[] = [];
  const acks: number[] = [];
  const lastAck = new Map<number, number>();
  let started: number | undefined;
  let ended: number | undefined;
  let awaitingAck = false;
  let written = 0;
  for (const [t, kind, a, b] of ev) {
    if (kind === 1) {
      reads.push(b);
      const sent = lastAck.get(a);
      if (sent !== undefined) response.push(t - sent);
      lastAck.delete(a);
    } else if (kind === 2) {
      acks.push(b);
      lastAck.set(a, t);
      if (awaitingAck && ended !== undefined) firstAck.push(t - ended);
      awaitingAck = false;
    } else if (kind === 3) {
      if (ended !== undefined) gap.push(t - ended);
      groups.push(written);
      written = 0;
      started = t;
    } else if (kind === 4 && started !== undefined) {
      fsync.push(t - started);
      ended = t;
      awaitingAck = true;
    } else if (kind === 5) written++;
  }
  const span = ev[ev.length - 1]![0] - ev[0]![0];
  console.log(`fdatasync                        ${q(fsync)}`);
  console.log(`fdatasync end → next start       ${q(gap)}`);
  console.log(`fdatasync end → first ack write  ${q(firstAck)}`);
  console.log(`ack write → that conn's next read ${q(response)}`);
  console.log(`groups written per fdatasync     ${q(groups, "")}`);
  console.log(`bytes per socket read            ${q(reads, "B")}`);
  console.log(`bytes per ack write              ${q(acks, "B")}`);
  console.log(`device busy (fdatasync in flight) ${((fsync.reduce((x, y) => x + y, 0) / span) * 100).toFixed(0)}% of ${span.toFixed(0)} ms`);
}
