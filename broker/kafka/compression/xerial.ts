/**
 * Snappy as Kafka clients send it: raw blocks (librdkafka, most non-Java clients) or the
 * Xerial framing of snappy-java's `SnappyOutputStream` (the Java producer).
 *
 * Xerial framing: an 8-byte magic `82 'SNAPPY' 00`, int32 version and int32 minimum compatible
 * version (both 1), then blocks of int32 big-endian compressed length + one raw snappy block
 * (snappy-java writes 32 KiB of input per block). Java's `SnappyInputStream` falls back to raw
 * snappy when the magic is missing, and librdkafka detects the magic, so both accept either;
 * we produce Xerial, the format the Java client itself writes.
 *
 * @module
 */
import { CompressionFormatError, snappyCompress, snappyDecompress } from "./snappy.ts";

/** The Xerial stream magic. */
export const XERIAL_MAGIC: Uint8Array = new Uint8Array([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const HEADER_BYTES = 16;
const BLOCK_BYTES = 32 * 1024;

/** True when `bytes` starts with the Xerial header. */
export function isXerialFramed(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_BYTES) return false;
  for (let i = 0; i < XERIAL_MAGIC.length; i++) if (bytes[i] !== XERIAL_MAGIC[i]) return false;
  return true;
}

/** Compress to Xerial framing (what Java's producer writes). */
export function xerialCompress(input: Uint8Array, blockBytes = BLOCK_BYTES): Uint8Array {
  const blocks: Uint8Array[] = [];
  let total = HEADER_BYTES;
  for (let at = 0; at < input.length; at += blockBytes) {
    const block = snappyCompress(input.subarray(at, Math.min(at + blockBytes, input.length)));
    blocks.push(block);
    total += 4 + block.length;
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(XERIAL_MAGIC, 0);
  view.setInt32(8, 1);
  view.setInt32(12, 1);
  let op = HEADER_BYTES;
  for (const block of blocks) {
    view.setInt32(op, block.length);
    out.set(block, op + 4);
    op += 4 + block.length;
  }
  return out;
}

/** Decompress raw snappy or Xerial-framed snappy, whichever `input` is. */
export function snappyDecompressAny(input: Uint8Array, maxOutputBytes = Infinity): Uint8Array {
  if (!isXerialFramed(input)) return snappyDecompress(input, maxOutputBytes);
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const parts: Uint8Array[] = [];
  let total = 0;
  let ip = HEADER_BYTES;
  while (ip < input.length) {
    if (ip + 4 > input.length) throw new CompressionFormatError("xerial: truncated block length");
    const size = view.getInt32(ip);
    ip += 4;
    if (size < 0 || ip + size > input.length) throw new CompressionFormatError("xerial: block overruns input");
    const part = snappyDecompress(input.subarray(ip, ip + size), maxOutputBytes - total);
    parts.push(part);
    total += part.length;
    ip += size;
  }
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let op = 0;
  for (const part of parts) {
    out.set(part, op);
    op += part.length;
  }
  return out;
}
