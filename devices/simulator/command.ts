/**
 * `tributary devices simulate`: run the fleet (options parsed by `broker/cli/devices.ts`),
 * print a live progress line (achieved rate) on standard error and a JSON summary on
 * standard output. Stops after `durationS` seconds, or on SIGINT/SIGTERM.
 *
 * @module
 */
import type { SimulateOptions } from "../../broker/cli/devices.ts";
import type { Runtime } from "../../broker/runtime/types.ts";
import { type FleetStats, startFleet } from "./fleet.ts";

/** Run the simulator; returns the exit code. */
export async function simulateCommand(runtime: Runtime, o: SimulateOptions): Promise<number> {
  const { rate, codec, qos, durationS } = o;
  let count = o.count;
  let credentials: Array<[string, string]> | undefined;
  if (o.credentialsFile) {
    credentials = await readCredentials(runtime, o.credentialsFile);
    if (credentials.length < count) {
      runtime.writeStderr(`${o.credentialsFile} holds ${credentials.length} devices; simulating those\n`);
      count = credentials.length;
    }
    credentials = credentials.slice(0, count);
  }
  let ca: string | undefined;
  if (o.caFile) {
    const bytes = await runtime.fs.readFile(o.caFile);
    if (!bytes) throw new Error(`CA file ${o.caFile} does not exist`);
    ca = new TextDecoder().decode(bytes);
  }
  const fleet = startFleet({
    runtime,
    hostname: o.mqttHost,
    port: o.mqttPort,
    count,
    rate,
    codec,
    qos,
    idPrefix: o.idPrefix,
    ...(credentials ? { credentials } : {}),
    ...(ca !== undefined ? { tls: { ca } } : {}),
  });
  runtime.writeStderr(`simulating ${count} sensors × ${rate}/s (${codec}, QoS ${qos}${ca !== undefined ? ", TLS" : ""})\n`);
  const progress = setInterval(() => runtime.writeStderr(`\r${progressLine(fleet.stats(), count * rate)}   `), 1000);
  await new Promise<void>((resolve) => {
    if (durationS !== undefined) setTimeout(resolve, durationS * 1000);
    runtime.onSignal("SIGINT", resolve);
    runtime.onSignal("SIGTERM", resolve);
  });
  clearInterval(progress);
  const final = await fleet.stop();
  runtime.writeStderr("\n");
  runtime.writeStdout(JSON.stringify({ ...final, averageRate: final.elapsedMs > 0 ? (final.acked * 1000) / final.elapsedMs : 0 }) + "\n");
  return final.failedConnects > 0 && final.acked === 0 ? 1 : 0;
}

/** `{"<id>": "<secret>", …}` as id/secret pairs. */
async function readCredentials(runtime: Runtime, path: string): Promise<Array<[string, string]>> {
  const bytes = await runtime.fs.readFile(path);
  if (!bytes) throw new Error(`credentials file ${path} does not exist`);
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  if (typeof doc !== "object" || doc === null || Object.values(doc).some((v) => typeof v !== "string")) {
    throw new Error(`${path}: expected {"<device id>": "<secret>", ...}`);
  }
  return Object.entries(doc as Record<string, string>);
}

/** `connected 1000/1000  rate 9,987/s of 10,000/s  acked 59,322  behind 0`. */
export function progressLine(s: FleetStats, target: number): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  return `connected ${n(s.connected)}${s.failedConnects ? ` (${n(s.failedConnects)} failed)` : ""}  rate ${n(s.rate)}/s of ${n(target)}/s  acked ${n(s.acked)}  behind ${n(s.behind)}  ${(s.elapsedMs / 1000).toFixed(0)}s`;
}
