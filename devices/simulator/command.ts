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
  const { count, rate, codec, qos, durationS } = o;
  const fleet = startFleet({
    runtime,
    hostname: o.mqttHost,
    port: o.mqttPort,
    count,
    rate,
    codec,
    qos,
    idPrefix: o.idPrefix,
    ...(o.password !== undefined ? { password: o.password } : {}),
  });
  runtime.writeStderr(`simulating ${count} sensors × ${rate}/s (${codec}, QoS ${qos})\n`);
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

/** `connected 1000/1000  rate 9,987/s of 10,000/s  acked 59,322  behind 0`. */
export function progressLine(s: FleetStats, target: number): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  return `connected ${n(s.connected)}${s.failedConnects ? ` (${n(s.failedConnects)} failed)` : ""}  rate ${n(s.rate)}/s of ${n(target)}/s  acked ${n(s.acked)}  behind ${n(s.behind)}  ${(s.elapsedMs / 1000).toFixed(0)}s`;
}
