/**
 * `startMqttServer`: the MQTT listener wired to the engine, the durable session/retained
 * stores, the lifecycle timers and the Kafka → MQTT tailer.
 *
 * @module
 */

import { ConnectionGate, LimitReporter } from "../limits/mod.ts";
import type { Decompressor } from "../log/record_codec.ts";
import type { LogManager } from "../log/types.ts";
import { type Logger, silentLogger } from "../observe/logger.ts";
import { MetricsRegistry } from "../observe/metrics.ts";
import { KafkaToMqtt } from "../routing/kafka_to_mqtt.ts";
import { compileRules, defaultRules, type MappingRule } from "../routing/rules.ts";
import type { Runtime, TcpConnection, TcpListener, TlsOptions } from "../runtime/types.ts";
import { type Clock, systemClock } from "./clock.ts";
import { CompactedStore } from "./compacted_store.ts";
import { Connection } from "./connection.ts";
import { dispatch } from "./dispatcher.ts";
import { Engine } from "./engine.ts";
import { BusyRefusal } from "./busy_refusal.ts";
import { allowAllHooks, type MqttHooks } from "./hooks.ts";
import { SessionLifecycle } from "./lifecycle.ts";
import { type MqttLimits, resolveLimits } from "./limits.ts";
import { createMqttMetrics } from "./metrics.ts";
import { Reason } from "./reason_codes.ts";
import type { ServerContext } from "./server_context.ts";

/** Internal compacted topic holding persistent sessions. */
export const SESSIONS_TOPIC = "__mqtt_sessions";
/** Internal compacted topic holding retained messages. */
export const RETAINED_TOPIC = "__mqtt_retained";

/** Options of {@link startMqttServer}. */
export interface MqttServerOptions {
  /** Host adapter; only `listen` is used. */
  runtime: Pick<Runtime, "listen">;
  /**
   * The partitioned log. Without it messages are routed between MQTT clients only (no
   * ingest, no Kafka → MQTT) and sessions/retained messages live in memory.
   */
  log?: LogManager;
  /** Default "0.0.0.0". */
  hostname?: string;
  /** Default 1883; 0 picks a free port (read it from the handle). */
  port?: number;
  /** An MQTTS listener beside the plaintext one (or instead of it, when `tls.port` equals `port`). */
  tls?: MqttTlsListener;
  /**
   * Mapping rules, first match wins. Undefined or empty: {@link defaultRules} (`#` →
   * `mqtt-messages`, key = MQTT topic). For MQTT without the log, omit `log`.
   */
  rules?: readonly MappingRule[];
  limits?: Partial<MqttLimits>;
  /** Auth hooks; missing ones allow. */
  hooks?: Partial<MqttHooks>;
  logger?: Logger;
  metrics?: MetricsRegistry;
  /** Injectable time for keep-alive, will delay and session expiry. */
  clock?: Clock;
  /** Decompresses Kafka-produced compressed batches for Kafka → MQTT. */
  decompress?: Decompressor;
  /**
   * Connection admission shared with the other listeners (global limit, per-address rate).
   * Default: a gate of this server's own, with only `limits.maxConnections`.
   */
  gate?: ConnectionGate;
  /** Counts and logs limit refusals; default one on `metrics` and `logger`. */
  limitReporter?: LimitReporter;
}

/** The TLS listener of {@link MqttServerOptions.tls} (MQTTS, 8883 by convention). */
export interface MqttTlsListener {
  /** Port of the TLS listener; 0 picks a free one. Equal to the plaintext port: TLS only. */
  port: number;
  options: TlsOptions;
}

/** One session as the admin API shows it. */
export interface MqttClientInfo {
  clientId: string;
  connected: boolean;
  protocolVersion: 3 | 4 | 5;
  /** Peer address while connected. */
  remoteAddress: string | undefined;
  /** Seconds the session outlives its connection (0xFFFFFFFF: never expires). */
  sessionExpiryInterval: number;
  subscriptions: string[];
  /** QoS 1/2 messages waiting to be sent. */
  queued: number;
  /** QoS 1/2 messages sent and not yet acknowledged. */
  inflight: number;
  /** Wall time the last connection ended, while offline. */
  disconnectedAt: number | undefined;
}

/** A running MQTT server. */
export interface MqttServer {
  readonly hostname: string;
  /** The plaintext listener's port (the TLS one's when TLS is the only listener). */
  readonly port: number;
  /** The TLS listener's port, when there is one. */
  readonly tlsPort: number | undefined;
  /** Live connections, sessions and retained messages. */
  stats(): { connections: number; sessions: number; retained: number; subscriptions: number };
  /** Every session, online or not (for the admin API's client list). */
  clients(): MqttClientInfo[];
  /** Stop listening, close every connection (v5: DISCONNECT 0x8B), flush state. Does not close the log. */
  close(): Promise<void>;
}

/**
 * Start an MQTT 3.1/3.1.1/5.0 server.
 *
 * @example
 * ```ts
 * const mqtt = await startMqttServer({ runtime, log, port: 1883, rules: [
 *   { filter: "sensors/+/temp", topic: "sensor-temp", key: "{segment:1}", codec: "json" },
 * ] });
 * await mqtt.close();
 * ```
 */
export async function startMqttServer(options: MqttServerOptions): Promise<MqttServer> {
  const limits = resolveLimits(options.limits);
  const clock = options.clock ?? systemClock;
  const logger = (options.logger ?? silentLogger).child({ component: "mqtt" });
  const registry = options.metrics ?? new MetricsRegistry();
  const metrics = createMqttMetrics(registry);
  const reporter = options.limitReporter ?? new LimitReporter(registry, logger);
  const gate = options.gate ??
    new ConnectionGate({ maxConnections: 0, addressRate: { perMinute: 0, burst: 1 }, now: () => clock.now(), reporter });
  // A refused client gets a short time to send its CONNECT and read "server busy".
  const busy = new BusyRefusal(clock, Math.min(limits.connectTimeoutMs, 2000));
  // No rules (undefined or an empty list, the config default) means the default rule.
  const rules = compileRules(options.rules?.length ? options.rules : defaultRules);
  const hooks: MqttHooks = { ...allowAllHooks, ...options.hooks };
  const log = options.log;
  const now = () => clock.now();
  const segmentBytes = limits.stateSegmentBytes;
  const sessionStore = log ? await CompactedStore.open(log, SESSIONS_TOPIC, now, segmentBytes) : undefined;
  const retainedStore = log ? await CompactedStore.open(log, RETAINED_TOPIC, now, segmentBytes) : undefined;
  const reverseTopics = new Set(rules.filter((r) => r.rule.reverse !== false).map((r) => r.rule.topic));
  const engine = new Engine({
    log,
    rules,
    limits,
    hooks,
    logger,
    metrics,
    clock,
    sessionStore,
    retainedStore,
    trackOwn: (topic) => reverseTopics.has(topic),
  });
  if (sessionStore) sessionStore.state.clear();
  if (retainedStore) retainedStore.state.clear();
  const lifecycle = new SessionLifecycle(engine, clock);
  for (const session of engine.sessions.values()) lifecycle.scheduleExpiry(session);

  const connections = new Set<Connection>();
  const releases = new WeakMap<Connection, () => void>();
  let shuttingDown = false;
  const ctx: ServerContext = {
    limits,
    hooks,
    clock,
    logger,
    metrics,
    limitReporter: reporter,
    engine,
    lifecycle,
    byClientId: new Map(),
    connectionClosed(c, wasConnected) {
      connections.delete(c);
      releases.get(c)?.();
      if (!wasConnected) return;
      logger.debug("mqtt client disconnected", { clientId: c.clientId, normal: c.normalDisconnect });
      if (ctx.byClientId.get(c.clientId) === c) ctx.byClientId.delete(c.clientId);
      const session = c.session;
      if (!session || session.link !== c) return;
      session.detach(clock.now());
      void engine.persistence.saveSession(session)?.catch(() => {});
      if (shuttingDown) return; // wills were published by close()
      lifecycle.connectionEnded(session, c.normalDisconnect ? undefined : c.will);
    },
    assignClientId() {
      const bytes = crypto.getRandomValues(new Uint8Array(9));
      return "tributary-" + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    },
  };

  registry.collectedGauge("tributary_mqtt_connections", "Open MQTT connections", () => [{ labels: {}, value: connections.size }]);
  registry.collectedGauge("tributary_mqtt_sessions", "MQTT sessions (online and offline)", () => [{ labels: {}, value: engine.sessions.size }]);
  registry.collectedGauge("tributary_mqtt_retained", "Retained messages", () => [{ labels: {}, value: engine.retained.size }]);
  registry.collectedGauge(
    "tributary_mqtt_sessions_window_full",
    "Connected sessions whose QoS 1/2 window (mqtt.maxInflight or the client's Receive Maximum) is full; more messages wait in their queue",
    () => [{ labels: {}, value: windowFullSessions(connections) }],
  );

  let tailer: KafkaToMqtt | undefined;
  if (log && engine.ingest && reverseTopics.size > 0) {
    tailer = new KafkaToMqtt({
      log,
      rules,
      ingest: engine.ingest,
      deliver: (message) => {
        metrics.fromKafka.inc();
        void Promise.all(engine.fanout(message)).catch(() => {});
      },
      logger,
      now,
      onSkipped: () => metrics.fromKafkaSkipped.inc(),
      ...(options.decompress ? { decompress: options.decompress } : {}),
    });
    await tailer.start();
    const t = tailer;
    engine.ingest.onTopicReady = () => void t.refresh();
  }

  const onConnection = (socket: TcpConnection) => {
    if (shuttingDown) return socket.close();
    const admission = gate.admit("mqtt", socket.remoteAddress, limits.maxConnections);
    if (!admission.ok) {
      metrics.connectionsRefused.inc();
      // Over a connection limit: CONNACK server busy. Over the address rate: closed at once,
      // spending nothing on a peer that is connecting too fast.
      if (admission.refusal === "address-rate") socket.close();
      else void busy.refuse(socket);
      return;
    }
    const c = new Connection(ctx, socket, dispatch);
    connections.add(c);
    releases.set(c, admission.release);
    void c.run();
  };
  const hostname = options.hostname ?? "0.0.0.0";
  const port = options.port ?? 1883;
  const tls = options.tls;
  const tlsOnly = tls !== undefined && tls.port === port && port !== 0;
  const listeners: TcpListener[] = [];
  try {
    if (!tlsOnly) listeners.push(await options.runtime.listen({ hostname, port }, onConnection));
    if (tls) listeners.push(await options.runtime.listen({ hostname, port: tls.port, tls: tls.options }, onConnection));
  } catch (error) {
    // e.g. EADDRINUSE: stop the timers started above so the process can exit.
    for (const l of listeners) await l.close();
    tailer?.close();
    lifecycle.close();
    throw error;
  }
  const listener = listeners[0]!;
  const tlsListener = tls ? listeners[listeners.length - 1] : undefined;
  logger.info("mqtt listening", { hostname: listener.hostname, port: listener.port, ...(tlsListener ? { tlsPort: tlsListener.port } : {}), rules: rules.length });

  return {
    hostname: listener.hostname,
    port: listener.port,
    tlsPort: tlsListener?.port,
    stats: () => ({
      connections: connections.size,
      sessions: engine.sessions.size,
      retained: engine.retained.size,
      subscriptions: engine.tree.size,
    }),
    clients: () =>
      [...engine.sessions.values()].map((s) => ({
        clientId: s.clientId,
        connected: s.link !== undefined,
        protocolVersion: s.protocolVersion,
        remoteAddress: ctx.byClientId.get(s.clientId)?.socket.remoteAddress,
        sessionExpiryInterval: s.expiryInterval,
        subscriptions: [...s.subscriptions.keys()],
        queued: s.queue.length,
        inflight: s.inflight.size,
        disconnectedAt: s.disconnectedAt,
      })),
    async close() {
      if (shuttingDown) return;
      shuttingDown = true;
      for (const l of listeners) await l.close();
      // Wills first, while subscribers are still connected (see lifecycle.ts).
      const wills = [...connections].flatMap((c) => c.state === "connected" && c.will ? [{ clientId: c.clientId, will: c.will }] : []);
      await lifecycle.publishWillsOnShutdown(wills);
      for (const c of [...connections]) c.close(Reason.ServerShuttingDown);
      tailer?.close();
      lifecycle.close();
      await engine.ingest?.drain();
      await sessionStore?.store.flush();
      await retainedStore?.store.flush();
    },
  };
}

/** Connected sessions with as many QoS 1/2 messages in flight as their window allows. */
function windowFullSessions(connections: Iterable<Connection>): number {
  let full = 0;
  for (const c of connections) {
    const session = c.session;
    if (c.state === "connected" && session?.link === c && session.inflight.size >= c.window) full++;
  }
  return full;
}
