/**
 * Virtual sensors: temperature, humidity and battery with plausible drift — a mean-reverting
 * random walk for the climate, a drain of about 1 %/hour for the battery — seeded per device so runs are
 * repeatable.
 *
 * @module
 */
// "cbor-x/encode", not "cbor-x": under the node condition (Bun, Deno) the package root tries to
// load the optional native addon cbor-extract, and the broker takes no native code.
import { encode as encodeCbor } from "cbor-x/encode";

/** One reading as published. */
export interface Reading {
  id: string;
  /** Wall-clock ms. */
  ts: number;
  seq: number;
  /** °C, one decimal. */
  temperature: number;
  /** % relative humidity, one decimal. */
  humidity: number;
  /** % charge, one decimal. */
  battery: number;
}

/** Payload encodings the simulator speaks. */
export type SimCodec = "json" | "cbor";

/** A sensor whose values drift from reading to reading. */
export class VirtualSensor {
  #random: () => number;
  #temperature: number;
  #humidity: number;
  #battery: number;
  #seq = 0;
  #lastTs: number | undefined;
  readonly #baseTemperature: number;
  readonly #baseHumidity: number;

  constructor(readonly id: string, seed: number) {
    this.#random = mulberry32(seed);
    this.#baseTemperature = 18 + this.#random() * 8;
    this.#baseHumidity = 35 + this.#random() * 25;
    this.#temperature = this.#baseTemperature;
    this.#humidity = this.#baseHumidity;
    this.#battery = 60 + this.#random() * 40;
  }

  /** The next reading. */
  next(now: number): Reading {
    const noise = () => (this.#random() - 0.5) * 2;
    // Pulled back towards the sensor's base value so it never wanders off.
    this.#temperature += 0.1 * (this.#baseTemperature - this.#temperature) + 0.2 * noise();
    this.#humidity = clamp(this.#humidity + 0.1 * (this.#baseHumidity - this.#humidity) + 0.5 * noise(), 0, 100);
    // About 1 % per hour of wall time, whatever the publish rate.
    const hours = this.#lastTs === undefined ? 0 : Math.max(0, now - this.#lastTs) / 3_600_000;
    this.#lastTs = now;
    this.#battery = Math.max(0, this.#battery - hours * (0.5 + this.#random()));
    return {
      id: this.id,
      ts: now,
      seq: this.#seq++,
      temperature: round1(this.#temperature),
      humidity: round1(this.#humidity),
      battery: round1(this.#battery),
    };
  }
}

/** Encode a reading as JSON or CBOR bytes. */
export function encodeReading(reading: Reading, codec: SimCodec): Uint8Array {
  if (codec === "json") return new TextEncoder().encode(JSON.stringify(reading));
  const bytes = encodeCbor(reading) as Uint8Array;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `sim-00001` style ids. */
export function simulatedId(prefix: string, index: number, count: number): string {
  return `${prefix}${String(index + 1).padStart(Math.max(5, String(count).length), "0")}`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/** Small deterministic PRNG (Mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
