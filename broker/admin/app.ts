/**
 * The admin HTTP API (hono): health, readiness, Prometheus metrics, the dashboard, and under
 * `/api` (admin token): topics and offsets, consumer groups and lag, MQTT clients, devices,
 * bridge status. Runs on any fetch-style server (`Runtime.serveHttp`).
 *
 * @module
 */
import { Hono } from "hono";
import type { LogManager, TopicConfig } from "../log/types.ts";
import type { MetricsRegistry } from "../observe/metrics.ts";
import type { GroupSource } from "./collectors.ts";
import { DASHBOARD_HTML } from "./dashboard.ts";
import { type DeviceAdmin, mountDeviceRoutes } from "./devices_api.ts";

export interface AdminDeps {
  log: LogManager;
  metrics: MetricsRegistry;
  /** True once the log is recovered and every listener is up. */
  ready: () => boolean;
  /** Bearer token for /api; empty = none. */
  adminToken: string;
  version: string;
  /** Listeners for /readyz; filled in as they come up. */
  listeners?: () => Array<{ protocol: string; hostname: string; port: number }>;
  /** MQTT sessions, when the MQTT listener runs. */
  mqtt?: { clients(): unknown[]; stats(): Record<string, number> } | undefined;
  /** Consumer groups, when the Kafka listener runs. */
  groups?: GroupSource | undefined;
  /** The device registry, when wired (root `mod.ts`). */
  devices?: DeviceAdmin | undefined;
  /** Upstream bridge status; undefined = no bridge in this process. */
  bridge?: (() => unknown) | undefined;
}

/** Build the admin application; `app.fetch` is the request handler. */
export function createAdminApp(deps: AdminDeps): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok", version: deps.version }));
  app.get("/readyz", (c) => {
    // Not ready while a partition cannot write (disk full, I/O error): appends would fail.
    const storage = deps.log.storageHealth?.() ?? { ok: true, failing: [] };
    const ready = deps.ready() && storage.ok;
    const body = { ready, log: deps.ready() ? "recovered" : "starting", storage, listeners: deps.listeners?.() ?? [] };
    return c.json(body, body.ready ? 200 : 503);
  });
  app.get("/", (c) => c.redirect("/dashboard"));
  app.get("/dashboard", (c) => c.html(DASHBOARD_HTML));
  app.get("/metrics", (c) =>
    c.body(deps.metrics.render(), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" })
  );

  app.use("/api/*", async (c, next) => {
    if (deps.adminToken && c.req.header("authorization") !== `Bearer ${deps.adminToken}`) {
      return c.json({ error: "admin token required (Authorization: Bearer …)" }, 401);
    }
    await next();
  });

  app.get("/api/topics", (c) =>
    c.json(deps.log.listTopics().map((t) => ({ name: t.name, partitions: t.partitions, internal: t.internal })))
  );

  app.post("/api/topics", async (c) => {
    const body = await c.req.json().catch(() => null) as
      | { name?: unknown; partitions?: unknown; config?: Record<string, unknown> }
      | null;
    if (!body || typeof body.name !== "string") return c.json({ error: "expected {name, partitions?, config?}" }, 400);
    const partitions = body.partitions === undefined ? 1 : Number(body.partitions);
    const config: Partial<TopicConfig> = {};
    for (const [key, value] of Object.entries(body.config ?? {})) {
      (config as Record<string, unknown>)[key] = numericConfig.has(key) ? Number(value) : value;
    }
    try {
      const topic = await deps.log.createTopic(body.name, { partitions, config });
      return c.json({ name: topic.name, partitions: topic.partitions, config: topic.config }, 201);
    } catch (err) {
      return c.json({ error: (err as Error).message }, statusOf(err));
    }
  });

  app.get("/api/topics/:name", async (c) => {
    const topic = deps.log.getTopic(c.req.param("name"));
    if (!topic) return c.json({ error: "unknown topic" }, 404);
    const partitions = [];
    for (let p = 0; p < topic.partitions; p++) {
      const log = await deps.log.partition(topic.name, p);
      partitions.push({
        partition: p,
        logStartOffset: log?.logStartOffset ?? 0,
        highWatermark: log?.highWatermark ?? 0,
        logEndOffset: log?.logEndOffset ?? 0,
      });
    }
    return c.json({ name: topic.name, internal: topic.internal, config: topic.config, partitions });
  });

  app.get("/api/partitions", async (c) => {
    const rows = [];
    for (const t of deps.log.listTopics({ includeInternal: c.req.query("internal") === "true" })) {
      for (let p = 0; p < t.partitions; p++) {
        const log = await deps.log.partition(t.name, p);
        rows.push({
          topic: t.name,
          partition: p,
          logStartOffset: log?.logStartOffset ?? 0,
          highWatermark: log?.highWatermark ?? 0,
          logEndOffset: log?.logEndOffset ?? 0,
        });
      }
    }
    return c.json(rows);
  });

  app.get("/api/groups", async (c) => {
    if (!deps.groups) return c.json({ error: "the Kafka listener is not enabled" }, 501);
    const out = [];
    for (const g of deps.groups.list()) {
      const lag = await deps.groups.lag(g.groupId);
      out.push({ ...g, lag: lag.reduce((sum, r) => sum + r.lag, 0) });
    }
    return c.json(out);
  });

  app.get("/api/groups/:id", async (c) => {
    if (!deps.groups) return c.json({ error: "the Kafka listener is not enabled" }, 501);
    const id = c.req.param("id");
    const described = deps.groups.describe(id);
    if (described.state === "Dead") return c.json({ error: "unknown group" }, 404);
    return c.json({ ...described, partitions: await deps.groups.lag(id) });
  });

  app.get("/api/mqtt/clients", (c) => {
    if (!deps.mqtt) return c.json({ error: "the MQTT listener is not enabled" }, 501);
    return c.json(deps.mqtt.clients());
  });

  app.get("/api/mqtt/stats", (c) => {
    if (!deps.mqtt) return c.json({ error: "the MQTT listener is not enabled" }, 501);
    return c.json(deps.mqtt.stats());
  });

  app.get("/api/bridge", (c) =>
    deps.bridge ? c.json({ configured: true, ...(deps.bridge() as object) }) : c.json({ configured: false, state: "not configured" })
  );

  mountDeviceRoutes(app, deps.devices);

  app.delete("/api/topics/:name", async (c) => {
    try {
      await deps.log.deleteTopic(c.req.param("name"));
      return c.json({ deleted: c.req.param("name") });
    } catch (err) {
      return c.json({ error: (err as Error).message }, statusOf(err));
    }
  });
  return app;
}

const numericConfig = new Set(["retention.ms", "retention.bytes", "segment.bytes", "segment.ms", "max.message.bytes"]);

function statusOf(err: unknown): 400 | 404 | 409 | 500 {
  switch ((err as Error).name) {
    case "UnknownTopicError":
      return 404;
    case "TopicExistsError":
      return 409;
    case "InvalidTopicError":
    case "InvalidConfigError":
      return 400;
    default:
      return 500;
  }
}
