/**
 * Checkpoint documents on disk: JSON inside an envelope with a CRC-32C of the payload text, so
 * a damaged file is detected instead of trusted (STYLE "Avoid": trusting a snapshot after a
 * crash without checking it). `writeFileAtomic` already makes torn writes impossible; the CRC
 * catches everything else (bit rot, a hand edit gone wrong).
 *
 * FORMAT MIGRATION: the payload carries `version`. A reader accepts every version it knows and
 * upgrades in memory; writers always write the newest. Never change a field's meaning in place.
 *
 * @module
 */
import { crc32c } from "../../broker/log/crc32c.ts";
import { type BridgeCheckpoint, CheckpointCorruptError, type DownstreamCheckpoint } from "./types.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Turns a value into bytes and back; `decode` throws on anything it cannot vouch for. */
export interface CheckpointCodec<T> {
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array, where: string): T;
}

function envelope<T>(validate: (data: unknown) => string | null): CheckpointCodec<T> {
  return {
    encode(value) {
      const payload = JSON.stringify(value);
      return encoder.encode(`{"crc":${crc32c(encoder.encode(payload))},"data":${payload}}\n`);
    },
    decode(bytes, where) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(decoder.decode(bytes));
      } catch (cause) {
        throw new CheckpointCorruptError(where, "not JSON", { cause });
      }
      const e = parsed as { crc?: unknown; data?: unknown };
      if (typeof e !== "object" || e === null || typeof e.crc !== "number" || e.data === undefined) {
        throw new CheckpointCorruptError(where, "no crc/data envelope");
      }
      if (crc32c(encoder.encode(JSON.stringify(e.data))) !== e.crc) throw new CheckpointCorruptError(where, "crc mismatch");
      const problem = validate(e.data);
      if (problem) throw new CheckpointCorruptError(where, problem);
      return e.data as T;
    },
  };
}

const isOffset = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function validateBridge(data: unknown): string | null {
  if (!isRecord(data) || data.version !== 1) return "unknown version";
  const p = data.producer as { id?: unknown; epoch?: unknown } | null;
  if (p !== null && (!isRecord(p) || !isInt(p.id) || !isInt(p.epoch))) return "bad producer";
  if (!isRecord(data.sequences) || !Object.values(data.sequences).every(isOffset)) return "bad sequences";
  if (!isRecord(data.sources)) return "bad sources";
  for (const s of Object.values(data.sources)) {
    if (!isRecord(s) || !isOffset(s.acked) || !isOffset(s.next) || s.acked > s.next) return "bad source progress";
  }
  if (!isRecord(data.routes)) return "bad routes";
  for (const r of Object.values(data.routes)) {
    if (!isRecord(r) || typeof r.upstreamTopic !== "string" || !isOffset(r.upstreamPartitions) || !isOffset(r.localPartitions)) return "bad route";
  }
  if (!Array.isArray(data.pending)) return "bad pending";
  for (const b of data.pending as unknown[]) {
    if (!isRecord(b) || typeof b.topic !== "string" || !isOffset(b.partition) || !isOffset(b.baseSequence) || !isOffset(b.recordCount)) {
      return "bad pending batch";
    }
    const s = b.source;
    if (!isRecord(s) || typeof s.topic !== "string" || !isOffset(s.partition) || !isOffset(s.from) || !isOffset(s.to) || s.from > s.to) {
      return "bad pending source range";
    }
  }
  return null;
}

function validateDownstream(data: unknown): string | null {
  if (!isRecord(data) || data.version !== 1) return "unknown version";
  if (!isRecord(data.positions) || !Object.values(data.positions).every(isOffset)) return "bad positions";
  return null;
}

/** Codec of the upstream mirror's checkpoint. */
export const bridgeCheckpointCodec: CheckpointCodec<BridgeCheckpoint> = envelope(validateBridge);
/** Codec of the downstream mirror's checkpoint. */
export const downstreamCheckpointCodec: CheckpointCodec<DownstreamCheckpoint> = envelope(validateDownstream);
