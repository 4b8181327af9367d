/** Bridge configuration validation, the state machine, progress lines and routing helpers. */
import { describe, expect, test } from "bun:test";
import { BridgeConfigError, resolveBridgeConfig } from "../../bridge/mirror/config.ts";
import { DrainProgress } from "../../bridge/mirror/progress.ts";
import { renderTopicTemplate, upstreamPartition } from "../../bridge/mirror/routing.ts";
import { selectTopics } from "../../bridge/mirror/selection.ts";
import { BridgeStatus, type PartitionLag } from "../../bridge/mirror/status.ts";
import { createLogger, silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import { murmur2, toPositive } from "../../broker/routing/murmur2.ts";
import { ManualClock } from "./_manual_clock.ts";

const base = { gatewayId: "gw-1", upstream: { bootstrap: ["kafka:9092"] }, topics: [{ match: "sensors" }] };

describe("bridge config", () => {
  test("defaults are filled in", () => {
    const c = resolveBridgeConfig(base);
    expect(c.compression).toBe("zstd");
    expect(c.upstream.clientId).toBe("tributary-gw-1");
    expect(c.topics[0]).toEqual({ match: "sensors", upstreamTopic: "{gateway}.{topic}", startFrom: "earliest" });
    expect(c.createTopics).toBeNull();
    expect(c.batchMaxBytes).toBe(1_000_000);
  });

  test("a /regex/ string selects whole names", () => {
    const c = resolveBridgeConfig({ ...base, topics: [{ match: "/sensors\\..+/" }] });
    const selected = selectTopics(c, [{ name: "sensors.a", partitions: 1 }, { name: "xsensors.a", partitions: 1 }, { name: "sensors.", partitions: 1 }], silentLogger);
    expect([...selected.keys()]).toEqual(["sensors.a"]);
    expect(selected.get("sensors.a")!.upstream).toBe("gw-1.sensors.a");
  });

  test("bad values are refused with what was expected", () => {
    expect(() => resolveBridgeConfig({ ...base, gatewayId: "a b" })).toThrow(BridgeConfigError);
    expect(() => resolveBridgeConfig({ ...base, upstream: { bootstrap: [] } })).toThrow("host:port");
    expect(() => resolveBridgeConfig({ ...base, compression: "brotli" as "zstd" })).toThrow("compression");
    expect(() => resolveBridgeConfig({ ...base, lingerMs: -1 })).toThrow("lingerMs");
    expect(() => resolveBridgeConfig({ ...base, topics: [{ match: "/[/" }] })).toThrow("regular expression");
    expect(() => resolveBridgeConfig({ ...base, topics: [{ match: /a.*/, upstreamTopic: "fixed" }] })).toThrow("{topic}");
  });

  test("two local topics rendered to one upstream name: only the first is mirrored", () => {
    const c = resolveBridgeConfig({ ...base, topics: [{ match: "/.*/", upstreamTopic: "all.{topic}" }, { match: "b" }] });
    const clash = resolveBridgeConfig({ ...base, topics: [{ match: "a", upstreamTopic: "same" }, { match: "b", upstreamTopic: "same" }] });
    expect(selectTopics(c, [{ name: "a", partitions: 1 }, { name: "b", partitions: 1 }], silentLogger).size).toBe(2);
    expect([...selectTopics(clash, [{ name: "a", partitions: 1 }, { name: "b", partitions: 1 }], silentLogger).keys()]).toEqual(["a"]);
  });

  test("downstream targets are never selected for upstream mirroring", () => {
    const c = resolveBridgeConfig({ ...base, topics: [{ match: "/.*/" }], downstream: [{ upstreamTopic: "gw-1.commands", localTopic: "commands" }] });
    expect([...selectTopics(c, [{ name: "commands", partitions: 1 }, { name: "s", partitions: 1 }], silentLogger).keys()]).toEqual(["s"]);
  });
});

describe("routing", () => {
  const key = new TextEncoder().encode("device-42");
  test("the same partition when the upstream has at least as many", () => {
    expect(upstreamPartition({ upstreamTopic: "u", upstreamPartitions: 4, localPartitions: 3 }, 2, key)).toBe(2);
  });
  test("murmur2 of the key when it has fewer; keyless records stay per local partition", () => {
    const route = { upstreamTopic: "u", upstreamPartitions: 3, localPartitions: 8 };
    expect(upstreamPartition(route, 7, key)).toBe(toPositive(murmur2(key)) % 3);
    expect(upstreamPartition(route, 7, null)).toBe(1);
  });
  test("templates", () => {
    expect(renderTopicTemplate("{gateway}.{topic}", "gw", "t")).toBe("gw.t");
    expect(renderTopicTemplate("edge-{topic}", "gw", "t")).toBe("edge-t");
  });
});

describe("bridge status", () => {
  function setup() {
    const clock = new ManualClock();
    const metrics = new MetricsRegistry();
    const lines: string[] = [];
    const logger = createLogger({ level: "info", format: "json", sink: (l) => lines.push(l), now: () => clock.now() });
    let lag: PartitionLag[] = [];
    const status = new BridgeStatus(metrics, clock, logger, () => lag, 100);
    return { clock, metrics, lines, status, setLag: (records: number) => (lag = [{ topic: "t", partition: 0, upstreamTopic: "u", records, seconds: records / 10, acked: 0, highWatermark: records }]) };
  }

  test("starting → backing_off with the error → draining → connected → stopped", () => {
    const { status, metrics, setLag } = setup();
    expect(status.state).toBe("starting");
    status.failed("connect refused");
    expect(status.state).toBe("backing_off");
    expect(status.snapshot().lastError!.message).toBe("connect refused");
    setLag(5000);
    status.succeeded(true); // some partitions still back off
    expect(status.state).toBe("backing_off");
    status.succeeded();
    expect(status.state).toBe("draining");
    expect(metrics.value("tributary_bridge_state", { state: "draining" })).toBe(1);
    expect(metrics.value("tributary_bridge_state", { state: "backing_off" })).toBe(0);
    setLag(0);
    status.refresh();
    expect(status.state).toBe("connected");
    status.stopped();
    status.succeeded();
    expect(status.state).toBe("stopped");
  });

  test("progress lines while draining report lag, rate and an estimate", () => {
    const { status, lines, setLag } = setup();
    setLag(10_000);
    status.succeeded();
    const progress = new DrainProgress(status, createLogger({ level: "info", format: "json", sink: (l) => lines.push(l) }), () => status.snapshot().lag.partitions);
    status.counters.recordsSent.inc(2000);
    const fields = progress.tick(10_000);
    expect(fields).toEqual({ lagRecords: 10_000, recordsPerSecond: 200, bytesPerSecond: 0, etaSeconds: 50 });
    expect(lines.some((l) => l.includes('"msg":"draining backlog"'))).toBe(true);
    setLag(0);
    expect(progress.tick(10_000)).toBeUndefined();
    expect(status.state).toBe("connected");
  });
});
