/**
 * A fuzz input: for each client connection, the chunks it writes, in order. Chunk boundaries
 * are part of the input (chunked delivery), so a saved input replays byte for byte.
 *
 * On disk (`.bin`): one JSON line `{"target","seed","chunks":[[len,…],…]}` followed by the raw
 * bytes of every chunk, connection after connection.
 */
import { concat } from "./rng.ts";

export type TargetName = "kafka-decoder" | "mqtt-decoder" | "kafka-broker" | "mqtt-broker";

export interface Scenario {
  target: TargetName;
  /** The seed the input was generated from (0 for hand-made inputs). */
  seed: number;
  /** connections[i] = the chunks connection i sends, in order. */
  connections: Uint8Array[][];
}

/** Total bytes of an input. */
export function scenarioBytes(s: Scenario): number {
  let n = 0;
  for (const c of s.connections) for (const chunk of c) n += chunk.length;
  return n;
}

export function encodeScenario(s: Scenario): Uint8Array {
  const header = JSON.stringify({ target: s.target, seed: s.seed, chunks: s.connections.map((c) => c.map((x) => x.length)) });
  return concat([new TextEncoder().encode(header + "\n"), ...s.connections.flat()]);
}

export function decodeScenario(bytes: Uint8Array): Scenario {
  const nl = bytes.indexOf(10);
  if (nl < 0) throw new Error("not a fuzz input: no header line");
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, nl))) as { target: TargetName; seed: number; chunks: number[][] };
  let at = nl + 1;
  const connections = header.chunks.map((lengths) =>
    lengths.map((n) => {
      const chunk = bytes.slice(at, at + n);
      if (chunk.length !== n) throw new Error("fuzz input shorter than its header says");
      at += n;
      return chunk;
    })
  );
  return { target: header.target, seed: header.seed, connections };
}
