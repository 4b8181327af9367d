/**
 * `tributary devices add|list|show|disable|enable|delete`: the device registry of a running
 * broker through its admin HTTP API. `devices simulate` is supplied by the root `mod.ts`
 * (the simulator lives in `devices/`, which `broker/` does not import).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { adminClient } from "./admin_client.ts";

export const devicesUsage = `Usage: tributary devices <command> [options]

  add <id> [--model M] [--location L] [--codec raw|json|cbor]
           [--publish PATTERN ...] [--subscribe PATTERN ...]
                         register a device; prints its secret ONCE (patterns default to
                         devices/{id}/#, where {id} is the device id)
  list                   devices with online state and last seen
  show <id>              one device as JSON
  disable <id> | enable <id>
  delete <id>
  simulate [--count N] [--rate R] [--codec json|cbor] [--qos 0|1] [--mqtt-host H]
           [--mqtt-port P] [--duration S] [--id-prefix P] [--credentials FILE] [--cafile FILE]
                         run N virtual sensors (default 10), each publishing R readings/s
                         (default 1) to devices/<id>/telemetry, with a live progress line;
                         anonymous, or logged in as the devices of FILE ({"<id>": "<secret>"});
                         --cafile: connect over TLS (MQTTS) trusting that CA

Options:
  --admin-url URL   admin API of the broker (default http://127.0.0.1:8080, or TRIBUTARY_ADMIN_URL)
  --token TOKEN     admin token (or TRIBUTARY_ADMIN_TOKEN)
`;

type Say = (line: string) => void;

/** Parsed `devices simulate` options (the simulator itself lives in `devices/`). */
export interface SimulateOptions {
  count: number;
  /** Readings per second per device. */
  rate: number;
  codec: "json" | "cbor";
  qos: 0 | 1;
  mqttHost: string;
  mqttPort: number;
  /** Undefined: until SIGINT/SIGTERM. */
  durationS: number | undefined;
  idPrefix: string;
  /** JSON file {"<device id>": "<secret>"}: log in as these devices instead of anonymously. */
  credentialsFile: string | undefined;
  /** PEM CA file: connect over TLS. */
  caFile: string | undefined;
}

/** Parse `devices simulate` flags. */
export function parseSimulateArgs(args: string[]): SimulateOptions {
  const { values } = parseArgs({
    args,
    options: {
      count: { type: "string" },
      rate: { type: "string" },
      codec: { type: "string" },
      qos: { type: "string" },
      "mqtt-host": { type: "string" },
      "mqtt-port": { type: "string" },
      duration: { type: "string" },
      "id-prefix": { type: "string" },
      credentials: { type: "string" },
      cafile: { type: "string" },
    },
  });
  const num = (name: string, text: string | undefined, fallback: number, min: number) => {
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name}: expected a number ≥ ${min}, got ${JSON.stringify(text)}`);
    return n;
  };
  const codec = values.codec ?? "json";
  if (codec !== "json" && codec !== "cbor") throw new Error(`--codec: expected cbor or json, got ${JSON.stringify(codec)}`);
  const qos = num("qos", values.qos, 1, 0);
  if (qos !== 0 && qos !== 1) throw new Error("--qos: expected 0 or 1");
  return {
    count: Math.floor(num("count", values.count, 10, 1)),
    rate: num("rate", values.rate, 1, 0.001),
    codec,
    qos,
    mqttHost: values["mqtt-host"] ?? "127.0.0.1",
    mqttPort: Math.floor(num("mqtt-port", values["mqtt-port"], 1883, 1)),
    durationS: values.duration === undefined ? undefined : num("duration", values.duration, 0, 0),
    idPrefix: values["id-prefix"] ?? "sim-",
    credentialsFile: values.credentials,
    caFile: values.cafile,
  };
}

interface DeviceRow {
  id: string;
  disabled: boolean;
  online: boolean;
  lastSeen: number | null;
  metadata: { model?: string; location?: string };
}

/** Run a registry command against the admin API. */
export async function devicesCommand(args: string[], env: Record<string, string>, say: Say): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "admin-url": { type: "string" },
      token: { type: "string" },
      model: { type: "string" },
      location: { type: "string" },
      codec: { type: "string" },
      publish: { type: "string", multiple: true },
      subscribe: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  const [action, id] = positionals;
  if (values.help || !action) {
    say(devicesUsage);
    return action ? 0 : 2;
  }
  const call = adminClient(values, env);
  const needId = () => {
    if (!id) throw new Error(`devices ${action} needs a device id`);
    return encodeURIComponent(id);
  };
  switch (action) {
    case "add": {
      needId();
      const metadata: Record<string, string> = {};
      if (values.model) metadata.model = values.model;
      if (values.location) metadata.location = values.location;
      const acl: Record<string, string[]> = {};
      if (values.publish) acl.publish = values.publish;
      if (values.subscribe) acl.subscribe = values.subscribe;
      const body: Record<string, unknown> = { id, metadata, acl };
      if (values.codec) body.codec = values.codec;
      const created = await call("POST", "/api/devices", body) as { secret: string };
      say(`created device ${id}`);
      say(`secret: ${created.secret}`);
      say("(shown once: the broker keeps only a salted hash; use it as the MQTT password or the Kafka SASL password, PLAIN or SCRAM-SHA-256/512)");
      return 0;
    }
    case "list": {
      const rows = await call("GET", "/api/devices") as DeviceRow[];
      say(["ID", "STATE", "LAST SEEN", "MODEL", "LOCATION"].join("\t"));
      for (const d of rows) {
        const state = d.disabled ? "disabled" : d.online ? "online" : "offline";
        const seen = d.lastSeen === null ? "never" : new Date(d.lastSeen).toISOString();
        say([d.id, state, seen, d.metadata.model ?? "", d.metadata.location ?? ""].join("\t"));
      }
      return 0;
    }
    case "show":
      say(JSON.stringify(await call("GET", `/api/devices/${needId()}`), null, 2));
      return 0;
    case "disable":
    case "enable":
      await call("POST", `/api/devices/${needId()}/${action}`);
      say(`${action}d ${id}`);
      return 0;
    case "delete":
      await call("DELETE", `/api/devices/${needId()}`);
      say(`deleted ${id}`);
      return 0;
    default:
      say(devicesUsage);
      return 2;
  }
}
