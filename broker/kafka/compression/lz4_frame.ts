/**
 * LZ4 frame format (lz4 `doc/lz4_Frame_format.md`), as Kafka uses it since KIP-57.
 *
 * Before KIP-57 Kafka's Java client computed the header checksum (HC) over the magic number
 * too; message format v1+ uses the correct checksum. We write correct frames and, to be
 * lenient, accept either HC when reading. Writing: version 01, independent blocks, 64 KiB
 * maximum block size, no block or content checksums, no content size — what Java's
 * `KafkaLZ4BlockOutputStream` writes and what Java and librdkafka read. Reading supports
 * linked blocks, block and content checksums, content size, dictionary id (rejected) and
 * skippable frames, and concatenated frames.
 *
 * @module
 */
import { lz4CompressBlock, lz4CompressBound, lz4DecompressBlock } from "./lz4_block.ts";
import { CompressionFormatError } from "./snappy.ts";
import { xxhash32 } from "./xxhash32.ts";

const MAGIC = 0x184d2204;
const BLOCK_64K = 64 * 1024;
const BLOCK_SIZES: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };

/** Compress `input` into one LZ4 frame. */
export function lz4FrameCompress(input: Uint8Array): Uint8Array {
  const blocks = Math.ceil(input.length / BLOCK_64K);
  const out = new Uint8Array(7 + blocks * (4 + lz4CompressBound(BLOCK_64K)) + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  out[4] = 0x60; // FLG: version 01, block independence
  out[5] = 0x40; // BD: 64 KiB blocks
  out[6] = (xxhash32(out.subarray(4, 6)) >>> 8) & 0xff;
  let op = 7;
  const table = new Int32Array(1 << 16);
  const scratch = new Uint8Array(lz4CompressBound(BLOCK_64K));
  for (let at = 0; at < input.length; at += BLOCK_64K) {
    const block = input.subarray(at, Math.min(at + BLOCK_64K, input.length));
    const size = lz4CompressBlock(block, scratch, table);
    if (size < block.length) {
      view.setUint32(op, size, true);
      out.set(scratch.subarray(0, size), op + 4);
      op += 4 + size;
    } else {
      // Incompressible: store as is, flagged by the high bit of the size.
      view.setUint32(op, (block.length | 0x80000000) >>> 0, true);
      out.set(block, op + 4);
      op += 4 + block.length;
    }
  }
  view.setUint32(op, 0, true); // end mark
  return out.slice(0, op + 4);
}

/** Decompress one or more concatenated LZ4 frames; rejects output above `maxOutputBytes`. */
export function lz4FrameDecompress(input: Uint8Array, maxOutputBytes = Infinity): Uint8Array {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  let out = new Uint8Array(Math.min(Math.max(input.length * 4, 1024), maxOutputBytes));
  let op = 0;
  let ip = 0;
  const need = (n: number) => {
    if (ip + n > input.length) throw new CompressionFormatError("lz4: truncated frame");
  };
  const ensure = (n: number) => {
    if (op + n > maxOutputBytes) throw new CompressionFormatError("lz4: output exceeds the limit");
    if (op + n <= out.length) return;
    const grown = new Uint8Array(Math.min(Math.max(out.length * 2, op + n), maxOutputBytes));
    grown.set(out.subarray(0, op));
    out = grown;
  };
  while (ip < input.length) {
    need(4);
    const magic = view.getUint32(ip, true);
    if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
      need(8);
      ip += 8 + view.getUint32(ip + 4, true); // skippable frame
      continue;
    }
    if (magic !== MAGIC) throw new CompressionFormatError("lz4: bad frame magic");
    need(3);
    const flg = input[ip + 4] as number;
    const bd = input[ip + 5] as number;
    if (flg >> 6 !== 1) throw new CompressionFormatError("lz4: unsupported frame version");
    if (flg & 0x01) throw new CompressionFormatError("lz4: dictionaries are not supported");
    const blockChecksum = (flg & 0x10) !== 0;
    const contentChecksum = (flg & 0x04) !== 0;
    const descriptorEnd = ip + 6 + (flg & 0x08 ? 8 : 0);
    const blockMax = BLOCK_SIZES[(bd >> 4) & 7];
    if (blockMax === undefined) throw new CompressionFormatError("lz4: bad block maximum size");
    need(descriptorEnd + 1 - ip);
    const hc = input[descriptorEnd] as number;
    const correct = (xxhash32(input.subarray(ip + 4, descriptorEnd)) >>> 8) & 0xff;
    const legacy = (xxhash32(input.subarray(ip, descriptorEnd)) >>> 8) & 0xff; // pre-KIP-57
    if (hc !== correct && hc !== legacy) throw new CompressionFormatError("lz4: bad header checksum");
    ip = descriptorEnd + 1;
    const frameStart = op;
    for (;;) {
      need(4);
      const word = view.getUint32(ip, true);
      ip += 4;
      if (word === 0) break;
      const size = word & 0x7fffffff;
      if (size > blockMax) throw new CompressionFormatError("lz4: block larger than its maximum");
      need(size + (blockChecksum ? 4 : 0));
      const data = input.subarray(ip, ip + size);
      ip += size;
      if (blockChecksum) {
        if (xxhash32(data) !== view.getUint32(ip, true)) throw new CompressionFormatError("lz4: bad block checksum");
        ip += 4;
      }
      if (word & 0x80000000) {
        ensure(size);
        out.set(data, op);
        op += size;
      } else {
        // Room for a whole block, capped by the limit (the decoder stops at the buffer's end).
        ensure(Math.min(blockMax, maxOutputBytes - op));
        op = lz4DecompressBlock(data, out, op);
      }
    }
    if (contentChecksum) {
      need(4);
      if (xxhash32(out.subarray(frameStart, op)) !== view.getUint32(ip, true)) {
        throw new CompressionFormatError("lz4: bad content checksum");
      }
      ip += 4;
    }
  }
  return out.slice(0, op);
}
