/**
 * Client-side helpers of the storage-fault end-to-end tests: one Kafka send or MQTT publish
 * with its outcome as the client saw it, the broker's /metrics and /readyz, and reading a
 * topic back with kcat.
 */
import { spawnSync } from "node:child_process";
import { Kafka, logLevel, type Producer } from "kafkajs";
import type { MqttClient } from "mqtt";
import { run } from "../_support/broker_process.ts";

/** Poll `cond` (no timing is asserted; the deadline only turns a hang into a message). */
export async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A kafkajs client that does not retry, so each send shows the broker's answer. */
export function kafkaClient(port: number): Kafka {
  return new Kafka({ brokers: [`127.0.0.1:${port}`], clientId: "storage-e2e", logLevel: logLevel.NOTHING, retry: { retries: 0 } });
}

/** Send one record; resolves with "ok" or the Kafka error type the producer reported. */
export async function send(producer: Producer, topic: string, value: string): Promise<string> {
  try {
    await producer.send({ topic, acks: -1, messages: [{ value }] });
    return "ok";
  } catch (error) {
    return kafkaErrorType(error);
  }
}

/** The protocol error type in a kafkajs error chain (`KAFKA_STORAGE_ERROR`…), else its name. */
function kafkaErrorType(error: unknown): string {
  for (let e = error as { type?: string; cause?: unknown; name?: string } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.type === "string") return e.type;
    if (!e.cause) return e.name ?? String(e);
  }
  return String(error);
}

/** Publish (QoS 1 unless told); resolves "ok", the PUBACK/PUBREC reason code, or "closed" when the connection dropped first. */
export function publish(client: MqttClient, topic: string, payload: string, qos: 1 | 2 = 1): Promise<string> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: string) => {
      if (settled) return;
      settled = true;
      client.off("close", onClose);
      resolve(outcome);
    };
    const onClose = () => done("closed");
    client.on("close", onClose);
    client.publish(topic, payload, { qos }, (error) => {
      if (!error) return done("ok");
      const code = (error as { code?: unknown }).code;
      done(typeof code === "number" ? `0x${code.toString(16)}` : "closed");
    });
  });
}

/** Every sample of one metric family, labels rendered as in the exposition text. */
export async function metric(httpPort: number, name: string, labels = ""): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(labels ? `${name}{${labels}}` : `${name} `));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(" ") + 1));
}

/** /readyz: the status code and body. */
export async function readyz(httpPort: number): Promise<{ status: number; body: { ready: boolean; storage: { ok: boolean; failing: Array<{ kind: string; topic: string }> } } }> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
  return { status: res.status, body: await res.json() };
}

/** Every value in `topic` (all partitions) read by kcat from the beginning. */
export async function kcatValues(kafkaPort: number, topic: string): Promise<string[]> {
  const r = await run("kcat", ["-b", `127.0.0.1:${kafkaPort}`, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%s\\n"], { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`kcat failed: ${r.stderr}`);
  return r.stdout.split("\n").filter((l) => l !== "");
}

/** Try a tmpfs mount of `size` at `dir`; returns the reason when it cannot be done here. */
export function mountTmpfs(dir: string, size: string, options = ""): string | undefined {
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}${options ? "," + options : ""}`, "tmpfs", dir], { encoding: "utf8" });
  return r.status === 0 ? undefined : `mount -t tmpfs failed (${r.status}): ${(r.stderr || r.error?.message || "").trim()}`;
}

/** Unmount (lazily, so a straggling handle cannot keep it busy). */
export function umount(dir: string): void {
  spawnSync("umount", ["-l", dir]);
}
