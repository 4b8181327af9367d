/**
 * The admin HTTP API of the broker process over real HTTP, every endpoint, under Deno and Bun:
 * health and readiness, the dashboard page, `/metrics` parsed with a Prometheus text-format
 * parser (counters move after MQTT and Kafka traffic), and under `/api` with the admin token:
 * topics and partitions with offsets, groups with lag, MQTT clients, devices CRUD, bridge status.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Kafka, logLevel } from "kafkajs";
// @ts-expect-error: the package ships no type declarations
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";

const TOKEN = "admin-secret";
const T = 60_000;

interface Family {
  name: string;
  type: string;
  metrics: Array<{ value?: string; labels?: Record<string, string>; count?: string; sum?: string; buckets?: Record<string, string> }>;
}

async function scrape(broker: BrokerProcess): Promise<Map<string, Family>> {
  const res = await fetch(`http://127.0.0.1:${broker.ports.http}/metrics`);
  expect(res.headers.get("content-type")).toContain("text/plain");
  const families = parsePrometheusTextFormat(await res.text()) as Family[];
  return new Map(families.map((f) => [f.name, f]));
}

/** Sum of a family's series matching `labels`. */
function total(metrics: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const family = metrics.get(name);
  if (!family) throw new Error(`${name} missing from /metrics`);
  return family.metrics
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(m.value ?? m.count ?? 0), 0);
}

/** Poll until `check` passes (gauges refresh every 2 s); fails with the last error. */
async function eventually<T>(check: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 0; i < 200; i++) {
    try {
      return await check();
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw last;
}

for (const host of hosts) {
  describe(`admin API on ${host}`, () => {
    const dir = tempDir();
    let broker: BrokerProcess;
    let base = "";
    const call = async (method: string, path: string, body?: unknown, token: string | null = TOKEN) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token) headers.authorization = `Bearer ${token}`;
      const init: RequestInit = { method, headers, redirect: "manual" };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await fetch(base + path, init);
      const text = await res.text();
      let json: any = undefined;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.status, json, headers: res.headers };
    };

    beforeAll(async () => {
      broker = await startBrokerProcess(host, { dataDir: dir.path, args: ["--http-admin-token", TOKEN, "--log-disk-budget-bytes", "1000000000"] });
      base = `http://127.0.0.1:${broker.ports.http}`;
    }, T);
    afterAll(async () => {
      await broker?.stop();
      dir.cleanup();
    });

    test("health, readiness and metrics need no token; /api does", async () => {
      expect((await call("GET", "/healthz", undefined, null)).json).toMatchObject({ status: "ok" });
      const ready = await call("GET", "/readyz", undefined, null);
      expect(ready.status).toBe(200);
      expect(ready.json.ready).toBe(true);
      expect(ready.json.log).toBe("recovered");
      expect(ready.json.listeners.map((l: { protocol: string }) => l.protocol).sort()).toEqual(["http", "kafka", "mqtt"]);
      expect((await call("GET", "/api/topics", undefined, null)).status).toBe(401);
      expect((await call("GET", "/api/devices", undefined, "wrong")).status).toBe(401);
    }, T);

    test("the dashboard page is served, and / redirects to it", async () => {
      const page = await call("GET", "/dashboard", undefined, null);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      expect(page.json).toContain('id="rate-in"');
      const root = await call("GET", "/", undefined, null);
      expect(root.status).toBe(302);
      expect(root.headers.get("location")).toBe("/dashboard");
    }, T);

    test("topics: create, list, describe with partition offsets, list partitions, delete", async () => {
      expect((await call("POST", "/api/topics", { name: "readings", partitions: 2, config: { "retention.ms": "3600000" } })).status).toBe(201);
      expect((await call("POST", "/api/topics", { name: "readings" })).status).toBe(409);
      expect((await call("POST", "/api/topics", { nope: 1 })).status).toBe(400);
      expect((await call("GET", "/api/topics")).json).toContainEqual({ name: "readings", partitions: 2, internal: false });
      const described = await call("GET", "/api/topics/readings");
      expect(described.json.config["retention.ms"]).toBe(3600000);
      expect(described.json.partitions).toEqual([
        { partition: 0, logStartOffset: 0, highWatermark: 0, logEndOffset: 0 },
        { partition: 1, logStartOffset: 0, highWatermark: 0, logEndOffset: 0 },
      ]);
      const partitions = (await call("GET", "/api/partitions")).json as Array<{ topic: string }>;
      expect(partitions.filter((p) => p.topic === "readings")).toHaveLength(2);
      expect(partitions.some((p) => p.topic.startsWith("__"))).toBe(false);
      expect(((await call("GET", "/api/partitions?internal=true")).json as Array<{ topic: string }>).some((p) => p.topic === "__mqtt_sessions")).toBe(true);
      expect((await call("GET", "/api/topics/nope")).status).toBe(404);
      expect((await call("DELETE", "/api/topics/readings")).json).toEqual({ deleted: "readings" });
      expect((await call("DELETE", "/api/topics/readings")).status).toBe(404);
    }, T);

    test("devices: create (secret once), list, show, disable, enable, delete", async () => {
      const created = await call("POST", "/api/devices", { id: "th-7", codec: "json", metadata: { model: "TH-1", location: "north" } });
      expect(created.status).toBe(201);
      expect(created.json.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created.json.device).toMatchObject({ id: "th-7", online: false, lastSeen: null, codec: "json" });
      expect((await call("POST", "/api/devices", { id: "th-7" })).status).toBe(409);
      expect((await call("POST", "/api/devices", { id: "bad/id" })).status).toBe(400);
      expect((await call("POST", "/api/devices", { id: "x", acl: { publish: "a/#" } })).status).toBe(400);
      const list = (await call("GET", "/api/devices")).json as Array<{ id: string }>;
      expect(list.map((d) => d.id)).toEqual(["th-7"]);
      expect(JSON.stringify(list)).not.toContain(created.json.secret);
      expect((await call("GET", "/api/devices/th-7")).json.metadata).toEqual({ model: "TH-1", location: "north" });
      expect((await call("GET", "/api/devices/nope")).status).toBe(404);
      expect((await call("POST", "/api/devices/th-7/disable")).json.disabled).toBe(true);
      expect((await call("POST", "/api/devices/th-7/enable")).json.disabled).toBe(false);
      expect((await call("POST", "/api/devices/nope/disable")).status).toBe(404);
      expect((await call("DELETE", "/api/devices/th-7")).status).toBe(200);
      expect((await call("DELETE", "/api/devices/th-7")).status).toBe(404);
    }, T);

    test("bridge status says it is not configured (no bridge in this process)", async () => {
      expect((await call("GET", "/api/bridge")).json).toEqual({ configured: false, state: "not configured" });
    }, T);

    test("MQTT clients and devices' online state follow a connected device", async () => {
      const { json } = await call("POST", "/api/devices", { id: "live-1" });
      // A subscriber stays connected while we look.
      const sub = Bun.spawn(["mosquitto_sub", "-h", "127.0.0.1", "-p", String(broker.ports.mqtt), "-i", "live-1-sub", "-u", "live-1", "-P", json.secret, "-t", "devices/live-1/cmd", "-V", "mqttv5"], { stdout: "ignore", stderr: "ignore" });
      try {
        const clients = await eventually(async () => {
          const c = (await call("GET", "/api/mqtt/clients")).json as Array<{ clientId: string; connected: boolean; subscriptions: string[] }>;
          const me = c.find((x) => x.clientId === "live-1-sub");
          if (!me?.connected || me.subscriptions.length === 0) throw new Error("live-1-sub not connected and subscribed yet");
          return me;
        });
        expect(clients.subscriptions).toEqual(["devices/live-1/cmd"]);
        expect((await call("GET", "/api/devices/live-1")).json.online).toBe(true);
        expect((await call("GET", "/api/mqtt/stats")).json.connections).toBeGreaterThanOrEqual(1);
        const metrics = await scrape(broker);
        expect(total(metrics, "tributary_devices_online")).toBe(1);
        expect(total(metrics, "tributary_devices_registered")).toBe(1);
      } finally {
        sub.kill("SIGTERM");
        await sub.exited;
      }
      await eventually(async () => {
        if ((await call("GET", "/api/devices/live-1")).json.online !== false) throw new Error("still online");
      });
    }, T);

    test("/metrics parses and its counters move after MQTT and Kafka traffic; groups show lag", async () => {
      const before = await scrape(broker);
      for (const name of [
        "tributary_mqtt_messages_received_total", "tributary_net_received_bytes_total", "tributary_log_fsync_seconds",
        "tributary_disk_used_bytes", "tributary_disk_budget_bytes", "tributary_mqtt_messages_dropped_total",
        "tributary_log_fsyncs_total", "tributary_bridge_configured", "tributary_kafka_connections",
      ]) {
        if (!before.has(name)) throw new Error(`${name} missing from /metrics`);
      }
      expect(before.get("tributary_log_fsync_seconds")!.type).toBe("HISTOGRAM");
      expect(total(before, "tributary_disk_budget_bytes")).toBe(1_000_000_000);
      expect(total(before, "tributary_bridge_configured")).toBe(0);

      for (let i = 0; i < 3; i++) {
        const r = await run("mosquitto_pub", ["-h", "127.0.0.1", "-p", String(broker.ports.mqtt), "-q", "1", "-t", `sensors/s${i}/temp`, "-m", `2${i}.5`]);
        expect(r.code).toBe(0);
      }
      const kafka = new Kafka({ brokers: [`127.0.0.1:${broker.ports.kafka}`], clientId: "admin-test", logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.setOffsets({ groupId: "dashboards", topic: "mqtt-messages", partitions: [{ partition: 0, offset: "1" }] });
      } finally {
        await admin.disconnect();
      }

      const after = await eventually(async () => {
        const m = await scrape(broker);
        const hw = total(m, "tributary_topic_high_watermark", { topic: "mqtt-messages" });
        if (hw < 3) throw new Error(`high watermark gauge at ${hw}`);
        if (!m.get("tributary_group_lag")?.metrics.length) throw new Error("no lag yet");
        return m;
      });
      expect(total(after, "tributary_mqtt_messages_received_total")).toBe(total(before, "tributary_mqtt_messages_received_total") + 3);
      expect(total(after, "tributary_net_received_bytes_total", { protocol: "mqtt" })).toBeGreaterThan(total(before, "tributary_net_received_bytes_total", { protocol: "mqtt" }));
      expect(total(after, "tributary_net_received_bytes_total", { protocol: "kafka" })).toBeGreaterThan(total(before, "tributary_net_received_bytes_total", { protocol: "kafka" }));
      expect(total(after, "tributary_net_connections_accepted_total", { protocol: "mqtt" })).toBe(total(before, "tributary_net_connections_accepted_total", { protocol: "mqtt" }) + 3);
      expect(total(after, "tributary_log_fsync_seconds")).toBeGreaterThan(total(before, "tributary_log_fsync_seconds"));
      expect(total(after, "tributary_group_lag", { group: "dashboards", topic: "mqtt-messages" })).toBe(2);
      expect(total(after, "tributary_disk_used_bytes")).toBeGreaterThan(0);

      const groups = (await call("GET", "/api/groups")).json as Array<{ groupId: string; lag: number }>;
      expect(groups).toContainEqual(expect.objectContaining({ groupId: "dashboards", lag: 2 }));
      const group = (await call("GET", "/api/groups/dashboards")).json;
      expect(group.partitions).toEqual([expect.objectContaining({ topic: "mqtt-messages", partition: 0, committedOffset: 1, highWatermark: 3, lag: 2 })]);
      expect((await call("GET", "/api/groups/nope")).status).toBe(404);
    }, T);
  });
}
