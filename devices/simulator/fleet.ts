/**
 * The fleet: N virtual sensors, each with its own MQTT connection, publishing R readings per
 * second each to `devices/<id>/telemetry`. A scheduler tick hands out the readings that are
 * due; a device whose in-flight window is full skips its turn (counted as `behind`), so the
 * achieved rate shows what the broker sustains.
 *
 * @module
 */
import type { Runtime } from "../../broker/runtime/types.ts";
import { SimClient } from "./client.ts";
import { encodeReading, type SimCodec, simulatedId, VirtualSensor } from "./readings.ts";

export interface FleetOptions {
  runtime: Pick<Runtime, "connect" | "monotonic" | "now">;
  hostname: string;
  port: number;
  count: number;
  /** Readings per second per device. */
  rate: number;
  codec: SimCodec;
  qos?: 0 | 1;
  idPrefix?: string;
  /** Connections opened at once while ramping up. */
  connectConcurrency?: number;
  tls?: { ca?: string; insecureSkipVerify?: boolean };
  /** Log in as these devices (id, secret) instead of anonymously; overrides `count` and `idPrefix`. */
  credentials?: ReadonlyArray<readonly [string, string]>;
}

/** Live counters. */
export interface FleetStats {
  connected: number;
  failedConnects: number;
  sent: number;
  acked: number;
  behind: number;
  bytes: number;
  /** Acknowledged publishes per second over the last window. */
  rate: number;
  elapsedMs: number;
}

/** A running fleet. */
export interface Fleet {
  stats(): FleetStats;
  /** Resolves once every device has tried to connect. */
  readonly connected: Promise<void>;
  stop(): Promise<FleetStats>;
}

const TICK_MS = 50;

/** Start the fleet; devices connect in the background. */
export function startFleet(o: FleetOptions): Fleet {
  const prefix = o.idPrefix ?? "sim-";
  const devices: Array<{ sensor: VirtualSensor; topic: string; client?: SimClient; due: number; secret?: string }> = [];
  const count = o.credentials?.length ?? o.count;
  for (let i = 0; i < count; i++) {
    const id = o.credentials?.[i]?.[0] ?? simulatedId(prefix, i, count);
    // Spread the first reading over one period so the fleet does not publish in lockstep.
    const secret = o.credentials?.[i]?.[1];
    devices.push({
      sensor: new VirtualSensor(id, i + 1),
      topic: `devices/${id}/telemetry`,
      due: (i / count) * (1000 / o.rate),
      ...(secret !== undefined ? { secret } : {}),
    });
  }
  const stats: FleetStats = { connected: 0, failedConnects: 0, sent: 0, acked: 0, behind: 0, bytes: 0, rate: 0, elapsedMs: 0 };
  const start = o.runtime.monotonic();
  const window: Array<{ at: number; acked: number }> = [];
  let stopped = false;

  const connected = (async () => {
    let next = 0;
    const worker = async () => {
      while (!stopped && next < devices.length) {
        const d = devices[next++]!;
        try {
          d.client = await SimClient.connect(o.runtime, {
            hostname: o.hostname,
            port: o.port,
            clientId: d.sensor.id,
            ...(d.secret !== undefined ? { username: d.sensor.id, password: d.secret } : {}),
            ...(o.tls ? { tls: o.tls } : {}),
          });
          d.client.onAck = () => stats.acked++;
          d.due += o.runtime.monotonic() - start;
          stats.connected++;
        } catch {
          stats.failedConnects++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.connectConcurrency ?? 50, devices.length) }, worker));
  })();

  const period = 1000 / o.rate;
  const qos = o.qos ?? 1;
  const timer = setInterval(() => {
    const now = o.runtime.monotonic() - start;
    for (const d of devices) {
      const c = d.client;
      if (!c || c.closed) continue;
      // Catch up at most one period: a stalled device does not burst afterwards.
      if (d.due < now - period) d.due = now - period;
      while (d.due <= now) {
        const payload = encodeReading(d.sensor.next(o.runtime.now()), o.codec);
        if (!c.publish(d.topic, payload, qos)) {
          stats.behind++;
          d.due += period;
          break;
        }
        stats.sent++;
        stats.bytes += payload.length;
        if (qos === 0) stats.acked++;
        d.due += period;
      }
    }
    window.push({ at: now, acked: stats.acked });
    while (window.length > 2 && window[0]!.at < now - 2000) window.shift();
    const first = window[0]!;
    stats.rate = now > first.at ? ((stats.acked - first.acked) * 1000) / (now - first.at) : 0;
    stats.elapsedMs = now;
  }, TICK_MS);

  return {
    stats: () => ({ ...stats }),
    connected,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await connected;
      await Promise.all(devices.map((d) => d.client?.disconnect()));
      stats.connected = 0;
      return { ...stats };
    },
  };
}
