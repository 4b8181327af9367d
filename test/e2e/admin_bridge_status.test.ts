/**
 * The admin API and /metrics report a configured bridge: state, lag, and the configured gauge,
 * with an edge broker mirroring to a central one (both real processes).
 */
import { afterAll, expect, test } from "bun:test";
import { type BrokerProcess, run, startBrokerProcess } from "../_support/broker_process.ts";

const started: BrokerProcess[] = [];
afterAll(async () => {
  for (const b of started) await b.stop();
});

async function poll<T>(fn: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

test("/api/bridge and /metrics show the running bridge and its lag draining to zero", async () => {
  const central = await startBrokerProcess("bun");
  started.push(central);
  const bridge = {
    upstream: { bootstrap: [`127.0.0.1:${central.ports.kafka}`] },
    topics: [{ match: "readings" }],
    createTopics: true,
    topicRescanMs: 200,
    lingerMs: 10,
  };
  const edge = await startBrokerProcess("bun", { args: ["--gateway-id", "gw9", "--bridge", JSON.stringify(bridge)] });
  started.push(edge);
  const produced = await run("kcat", ["-b", `127.0.0.1:${edge.ports.kafka}`, "-P", "-t", "readings", "-K:"], { input: "a:1\nb:2\nc:3\n" });
  expect(produced.code).toBe(0);

  const admin = `http://127.0.0.1:${edge.ports.http}`;
  const status = await poll(async () => {
    const body = await (await fetch(`${admin}/api/bridge`)).json() as { configured: boolean; state: string; lag?: unknown };
    const lag = JSON.stringify(body.lag ?? "");
    return body.state === "connected" && /"records":0/.test(lag) && /readings/.test(lag) ? body : undefined;
  }, "the bridge to connect and drain");
  expect(status.configured).toBe(true);

  const metrics = await (await fetch(`${admin}/metrics`)).text();
  expect(metrics).toContain("tributary_bridge_configured 1");
  expect(metrics).toMatch(/tributary_bridge_state\{state="connected"\} 1/);

  const mirrored = await run("kcat", ["-b", `127.0.0.1:${central.ports.kafka}`, "-C", "-t", "gw9.readings", "-e", "-f", "%k:%s\n"]);
  expect(mirrored.stdout.trim().split("\n").sort()).toEqual(["a:1", "b:2", "c:3"]);

  const centralStatus = await (await fetch(`http://127.0.0.1:${central.ports.http}/api/bridge`)).json();
  expect(centralStatus).toEqual({ configured: false, state: "not configured" });
});
