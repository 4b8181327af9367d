/**
 * The corpus of valid frames captured from real clients (`capture.ts`): Kafka frames with
 * their size prefix under `corpus/kafka/`, MQTT control packets under `corpus/mqtt/`, named
 * `<api or packet type>-v<version>-<digest>.bin`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const CORPUS_DIR = fileURLToPath(new URL("./corpus", import.meta.url));

const MQTT_TYPES = ["reserved", "connect", "connack", "publish", "puback", "pubrec", "pubrel", "pubcomp", "subscribe", "suback", "unsubscribe", "unsuback", "pingreq", "pingresp", "disconnect", "auth"];

export function mqttPacketName(type: number): string {
  return MQTT_TYPES[type] ?? `type${type}`;
}

export interface CorpusFrame {
  name: string;
  bytes: Uint8Array;
  /** Kafka API version or MQTT protocol level, from the name. */
  version: number;
}

export interface Corpus {
  kafka: CorpusFrame[];
  /** By MQTT protocol level (3, 4, 5): CONNECTs and the other packets apart. */
  mqtt: Map<number, { connects: CorpusFrame[]; packets: CorpusFrame[] }>;
}

function load(protocol: "kafka" | "mqtt"): CorpusFrame[] {
  const dir = join(CORPUS_DIR, protocol);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".bin")).sort();
  } catch {
    return [];
  }
  return names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))), version: Number(/-v(\d+)-/.exec(name)?.[1] ?? 0) }));
}

let cached: Corpus | undefined;

export function loadCorpus(): Corpus {
  if (cached) return cached;
  const mqtt = new Map<number, { connects: CorpusFrame[]; packets: CorpusFrame[] }>();
  for (const f of load("mqtt")) {
    let entry = mqtt.get(f.version);
    if (!entry) mqtt.set(f.version, (entry = { connects: [], packets: [] }));
    (f.name.startsWith("connect-") ? entry.connects : entry.packets).push(f);
  }
  cached = { kafka: load("kafka"), mqtt };
  return cached;
}
