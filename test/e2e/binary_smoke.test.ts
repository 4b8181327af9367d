/**
 * The single binary as users install it: `npm run build`'s `bun build --compile` output, copied
 * into an empty directory (no `node_modules` anywhere near it) and run with a fresh data dir on
 * ports chosen by the OS. It reports its version, takes an MQTT QoS 1 publish (mosquitto_pub)
 * that kcat then reads from the log — once raw through the default rule, once through a
 * `cbor-to-json` rule, which runs cbor-x's pure-JS decoder because the native `cbor-extract`
 * addon is left out of the binary — and a kcat produce that kcat consumes, then stops on SIGTERM
 * with exit code 0 and the clean-shutdown marker written.
 *
 * The aarch64 binary runs the same test under `qemu-aarch64-static` when it is installed
 * (Debian `qemu-user-static` + `libc6-arm64-cross`).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encode as cborEncode } from "cbor-x";
import { VERSION } from "../../broker/version.ts";
import { type Arch, bunBinaryPath } from "../../tools/build/compile.ts";
import { projectRoot, run, tempDir } from "../_support/broker_process.ts";
import { hasKcat } from "../kafka/_kcat.ts";

const QEMU = "qemu-aarch64-static";
const QEMU_SYSROOT = "/usr/aarch64-linux-gnu";
const hasQemu = spawnSync(QEMU, ["--version"]).status === 0 && existsSync(join(QEMU_SYSROOT, "lib/ld-linux-aarch64.so.1"));
const hasMosquitto = spawnSync("mosquitto_pub", ["--help"]).error === undefined;
const clientsPresent = hasKcat && hasMosquitto;

/** How to start the binary for `arch` on this (x86_64) machine. */
function launcher(arch: Arch, binary: string): [string, string[]] {
  return arch === "x64" ? [binary, []] : [QEMU, ["-L", QEMU_SYSROOT, binary]];
}

interface BinaryProcess {
  ports: { kafka: number; mqtt: number; http: number };
  output: () => string;
  /** SIGTERM by PID and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<() => Promise<unknown>>();
afterAll(async () => {
  for (const kill of [...running]) await kill();
});

/** Start `serve` from `cwd` and read the OS-chosen ports from its start-up lines. */
async function startBinary(arch: Arch, binary: string, cwd: string, args: string[]): Promise<BinaryProcess> {
  const [cmd, pre] = launcher(arch, binary);
  const child = spawn(cmd, [...pre, "serve", ...args], { cwd, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGKILL");
    await exited;
  };
  running.add(kill);
  const deadline = Date.now() + 90_000; // generous: the arm64 binary starts under emulation
  while (!/data dir /.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await kill();
      throw new Error(`binary (${arch}) did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const port = (protocol: string) => Number(new RegExp(`${protocol}\\s+listening on [^\\s]+:(\\d+)`).exec(out)?.[1]);
  return {
    ports: { kafka: port("kafka"), mqtt: port("mqtt"), http: port("http") },
    output: () => out,
    async stop() {
      if (child.exitCode === null) process.kill(child.pid!, "SIGTERM");
      const code = await exited;
      running.delete(kill);
      return code;
    },
  };
}

const rules = [
  { filter: "sensors/+/reading", topic: "sensor-readings", key: "{segment:1}", codec: "cbor-to-json" },
  { filter: "#", topic: "mqtt-messages", key: "{topic}" },
];

function smoke(arch: Arch, it: typeof test) {
  const timeout = arch === "x64" ? 60_000 : 300_000;
  it(`the ${arch} binary builds, runs from an empty directory and round-trips MQTT and Kafka`, async () => {
    const build = await run(join(projectRoot, "node_modules/.bin/bun"), ["tools/build/compile.ts", "bun", arch]);
    // (A first cross-compile fetches Bun's arm64 runtime and says so on stderr; only the code counts.)
    expect({ code: build.code, stderr: build.stderr }).toMatchObject({ code: 0 });

    const dir = tempDir("tributary-binary-");
    try {
      const binary = join(dir.path, "tributary");
      copyFileSync(bunBinaryPath(arch), binary);
      // Bun bakes a bundled CommonJS module's __dirname in; a build-host node_modules path in the
      // binary would mean a package (such as the cbor-extract addon) is still loaded from there.
      expect(readFileSync(binary).includes(join(projectRoot, "node_modules"))).toBe(false);
      spawnSync("chmod", ["755", binary]);
      const [cmd, pre] = launcher(arch, binary);
      const version = await run(cmd, [...pre, "--version"]);
      expect(version.stdout.trim()).toBe(VERSION);

      const dataDir = join(dir.path, "data");
      writeFileSync(join(dir.path, "tributary.json"), JSON.stringify({ mqtt: { rules } }));
      const reading = { t: 21.5, rh: 40, ok: true, tags: ["a", "b"] };
      writeFileSync(join(dir.path, "reading.cbor"), cborEncode(reading));
      const broker = await startBinary(arch, binary, dir.path, [
        "--config", "tributary.json", "--data-dir", dataDir,
        "--mqtt-port", "0", "--kafka-port", "0", "--http-port", "0",
        "--mqtt-host", "127.0.0.1", "--kafka-host", "127.0.0.1", "--http-host", "127.0.0.1",
      ]);
      expect(broker.output()).toContain(`tributary ${VERSION} on bun`);
      const kafka = `127.0.0.1:${broker.ports.kafka}`;
      const mqtt = ["-h", "127.0.0.1", "-p", String(broker.ports.mqtt), "-q", "1"];
      const consume = (topic: string, count: number) =>
        run("kcat", ["-b", kafka, "-C", "-t", topic, "-o", "beginning", "-c", String(count), "-e", "-f", "%k|%s\n"]);

      // MQTT QoS 1 → the default rule → Kafka topic mqtt-messages, keyed by the MQTT topic.
      const pub = await run("mosquitto_pub", [...mqtt, "-i", "smoke-raw", "-t", "gw/status", "-m", "online"]);
      expect(pub.code).toBe(0);
      expect((await consume("mqtt-messages", 1)).stdout).toBe("gw/status|online\n");

      // MQTT QoS 1 with a CBOR payload → cbor-to-json rule (cbor-x without its native addon).
      const cbor = await run("mosquitto_pub", [...mqtt, "-i", "smoke-cbor", "-t", "sensors/dev-7/reading", "-f", join(dir.path, "reading.cbor")]);
      expect(cbor.code).toBe(0);
      const decoded = await consume("sensor-readings", 1);
      const [key, json] = decoded.stdout.trimEnd().split("|");
      expect(key).toBe("dev-7");
      expect(JSON.parse(json!)).toEqual(reading);

      // Kafka: a topic made through the admin API, kcat produce (acks=all) and consume.
      const created = await fetch(`http://127.0.0.1:${broker.ports.http}/api/topics`, {
        method: "POST",
        body: JSON.stringify({ name: "smoke", partitions: 1 }),
      });
      expect(created.status).toBe(201);
      const produced = await run("kcat", ["-b", kafka, "-P", "-t", "smoke", "-K", ":", "-X", "acks=all"], { input: "k1:v1\nk2:v2\n" });
      expect(produced.code).toBe(0);
      expect((await consume("smoke", 2)).stdout).toBe("k1|v1\nk2|v2\n");

      expect(await broker.stop()).toBe(0);
      expect(existsSync(join(dataDir, ".clean-shutdown"))).toBe(true);
    } finally {
      dir.cleanup();
    }
  }, timeout);
}

(clientsPresent ? describe : describe.skip)("single binary (bun build --compile)", () => {
  smoke("x64", test);
  smoke("arm64", test.if(hasQemu) as typeof test);
});
