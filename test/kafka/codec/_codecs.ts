/**
 * Name-based access to the generated codecs, for tests that walk every message.
 * (Dynamic lookup is fine here; production code calls the functions directly.)
 *
 * @module
 */

import * as codecs from "../../../broker/kafka/protocol/generated/mod.ts";
import type { ByteReader } from "../../../broker/kafka/protocol/reader.ts";
import type { ByteWriter } from "../../../broker/kafka/protocol/writer.ts";

/** A generated encoder with its message type erased. */
export type Encode = (w: ByteWriter, m: unknown, version: number) => void;
/** A generated decoder with its message type erased. */
export type Decode = (r: ByteReader, version: number) => unknown;

/** The generated encode/decode pair of a message, e.g. `codecFor("ProduceRequest")`. */
export function codecFor(name: string): { encode: Encode; decode: Decode } {
  const table = codecs as unknown as Record<string, unknown>;
  const encode = table[`encode${name}`], decode = table[`decode${name}`];
  if (typeof encode !== "function" || typeof decode !== "function") throw new Error(`no codec for ${name}`);
  return { encode: encode as Encode, decode: decode as Decode };
}
