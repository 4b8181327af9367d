/**
 * The admin HTTP API (hono): health, readiness, Prometheus metrics and topic administration.
 * Runs on any fetch-style server (`Runtime.serveHttp`).
 *
 * @module
 */
import { Hono } from "hono";
import type { LogManager, TopicConfig } from "../log/types.ts";
import type { MetricsRegistry } from "../observe/metrics.ts";

export interface AdminDeps {
  log: LogManager;
  metrics: MetricsRegistry;
  /** True once the log is recovered and every listener is up. */
  ready: () => boolean;
  /** Bearer token for /api; empty = none. */
  adminToken: string;
  version: string;
}

/** Build the admin application; `app.fetch` is the request handler. */
export function createAdminApp(deps: AdminDeps): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok", version: deps.version }));
  app.get("/readyz", (c) => deps.ready() ? c.json({ ready: true }) : c.json({ ready: false }, 503));
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
