/**
 * Input generation per target: streams of corpus frames (mutated or not) and
 * structure-generated frames, several connections per input, delivered in random chunks.
 */
import { type Corpus, loadCorpus } from "./corpus.ts";
import type { KafkaGenerator } from "./kafka_gen.ts";
import { afterConnect, connect } from "./mqtt_gen.ts";
import { chunk, mutate } from "./mutate.ts";
import { saslLogin } from "./sasl_prelude.ts";
import { concat, Rng } from "./rng.ts";
import type { Scenario, TargetName } from "./scenario.ts";

export interface InputSources {
  corpus: Corpus;
  /** Null where the Kafka schemas are absent: corpus mutation only. */
  kafka: KafkaGenerator | null;
}

export function defaultSources(kafka: KafkaGenerator | null): InputSources {
  return { corpus: loadCorpus(), kafka };
}

function kafkaStream(rng: Rng, src: InputSources): Uint8Array {
  const frames: Uint8Array[] = [];
  const corpus = src.corpus.kafka;
  const n = rng.int(1, 6);
  for (let i = 0; i < n; i++) {
    const fromCorpus = corpus.length > 0 && (src.kafka === null || rng.chance(0.6));
    // Produce weighs more: it is the request that writes the log.
    let frame = fromCorpus ? rng.pick(corpus).bytes : src.kafka!.generate(rng, i + 1, rng.chance(0.25) ? 0 : undefined);
    if (rng.chance(fromCorpus ? 0.5 : 0.15) && corpus.length > 0) frame = mutate(frame, rng, "kafka", rng.pick(corpus).bytes);
    frames.push(frame);
  }
  let stream = concat(frames);
  if (rng.chance(0.05) && corpus.length > 0) stream = mutate(stream, rng, "kafka", rng.pick(corpus).bytes, 2);
  return stream;
}

function mqttStream(rng: Rng, src: InputSources): Uint8Array {
  const v = rng.pick([3, 4, 4, 5, 5] as const);
  const known = src.corpus.mqtt.get(v) ?? { connects: [], packets: [] };
  const all = [...known.connects, ...known.packets];
  const other = () => (all.length > 0 ? rng.pick(all).bytes : Uint8Array.of(0xc0, 0));
  const chaos = rng.pick([0, 0, 0.02, 0.05, 0.15]);
  const packets: Uint8Array[] = [];
  if (!rng.chance(0.05)) {
    let first = known.connects.length > 0 && rng.chance(0.5) ? rng.pick(known.connects).bytes : connect(rng, v, chaos);
    if (rng.chance(0.15)) first = mutate(first, rng, "mqtt", other(), 2);
    packets.push(first);
  }
  const ids: number[] = [];
  const n = rng.int(0, 8);
  for (let i = 0; i < n; i++) {
    let p = known.packets.length > 0 && rng.chance(0.4) ? rng.pick(known.packets).bytes : afterConnect(rng, v, chaos, ids);
    if (rng.chance(0.3)) p = mutate(p, rng, "mqtt", other(), 3);
    packets.push(p);
  }
  return concat(packets);
}

/**
 * One Kafka broker input in four runs against a listener with SASL/PLAIN (the seed decides, so
 * a saved input replays in the same mode).
 */
export function usesSasl(s: Pick<Scenario, "target" | "seed">): boolean {
  return s.target === "kafka-broker" && s.seed % 4 === 3;
}

/** A deterministic input for `target` from `seed`. */
export function generateInput(target: TargetName, seed: number, src: InputSources): Scenario {
  const rng = new Rng(seed);
  const kafka = target.startsWith("kafka");
  const sasl = usesSasl({ target, seed });
  const connections = rng.int(1, rng.chance(0.7) ? 1 : 3);
  return {
    target,
    seed,
    connections: Array.from({ length: connections }, () => {
      const chunks = chunk(kafka ? kafkaStream(rng, src) : mqttStream(rng, src), rng);
      // Most SASL-mode connections log in first (a few with a wrong password).
      return sasl && rng.chance(0.8) ? [...saslLogin(rng, rng.chance(0.1)), ...chunks] : chunks;
    }),
  };
}
