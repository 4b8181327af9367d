/**
 * Which simulator readings a topic holds: kcat reads the topic from the beginning to its end
 * and each value (`{"id":"sim-00001","ts":…,"seq":42,…}`, the simulator's JSON) marks
 * `id:seq` in a per-device bitmap, streamed line by line so millions of records fit.
 */
import { spawn } from "node:child_process";

/** Readings seen in one topic. */
export class ReadingsLedger {
  readonly #seen = new Map<string, Uint8Array>();
  records = 0;
  distinct = 0;
  duplicates = 0;
  unparsable = 0;

  add(id: string, seq: number): void {
    let bits = this.#seen.get(id);
    if (!bits || bits.length * 8 <= seq) {
      const grown = new Uint8Array(Math.max(1024, (bits?.length ?? 0) * 2, (seq >> 3) + 1));
      if (bits) grown.set(bits);
      this.#seen.set(id, grown);
      bits = grown;
    }
    const mask = 1 << (seq & 7);
    if (bits[seq >> 3]! & mask) this.duplicates++;
    else {
      bits[seq >> 3]! |= mask;
      this.distinct++;
    }
  }

  has(id: string, seq: number): boolean {
    const bits = this.#seen.get(id);
    return !!bits && seq >> 3 < bits.length && (bits[seq >> 3]! & (1 << (seq & 7))) !== 0;
  }

  /** The highest seq held for `id`, or -1. */
  highest(id: string): number {
    const bits = this.#seen.get(id);
    if (!bits) return -1;
    for (let i = bits.length - 1; i >= 0; i--) {
      const b = bits[i]!;
      if (b !== 0) return i * 8 + 31 - Math.clz32(b);
    }
    return -1;
  }

  /** Readings `id:0 … id:count-1` that are absent (at most `limit` listed, all counted). */
  missingOf(id: string, count: number, limit = 20): { count: number; sample: string[] } {
    const sample: string[] = [];
    let missing = 0;
    for (let seq = 0; seq < count; seq++) {
      if (this.has(id, seq)) continue;
      missing++;
      if (sample.length < limit) sample.push(`${id}:${seq}`);
    }
    return { count: missing, sample };
  }

  /** Readings held per device (distinct). */
  perDevice(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, bits] of this.#seen) {
      let n = 0;
      for (const b of bits) for (let v = b; v; v &= v - 1) n++;
      out.set(id, n);
    }
    return out;
  }
}

const READING = /"id":"([^"]+)".*?"seq":(\d+)/;

/** Read every record of `topic` with kcat into a ledger. */
export function readLedger(bootstrap: string, topic: string): Promise<ReadingsLedger> {
  const ledger = new ReadingsLedger();
  return new Promise((resolve, reject) => {
    const child = spawn("kcat", ["-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%s\n"], { stdio: ["ignore", "pipe", "pipe"] });
    let rest = "";
    let stderr = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        if (line === "") continue;
        ledger.records++;
        const m = line.match(READING);
        if (m) ledger.add(m[1]!, Number(m[2]));
        else ledger.unparsable++;
      }
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(ledger) : reject(new Error(`kcat ${topic} exited ${code}: ${stderr.slice(-2000)}`))));
  });
}
