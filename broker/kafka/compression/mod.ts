/**
 * Kafka record batch compression: the codec in attributes bits 0-2 of a RecordBatch v2
 * (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd — zstd since KIP-110).
 *
 * One {@link Compression} interface for all four. gzip and zstd come from the host
 * (`broker/runtime/compression.ts`, `node:zlib`); snappy (raw or Xerial-framed) and lz4 (frame
 * format, KIP-57) are pure TypeScript here, so a `bun build --compile` binary carries them.
 *
 * @module
 */
import { hostCompression, type HostCompression } from "../../runtime/compression.ts";
import { lz4FrameCompress, lz4FrameDecompress } from "./lz4_frame.ts";
import { snappyCompress } from "./snappy.ts";
import { snappyDecompressAny, xerialCompress } from "./xerial.ts";

export { CompressionFormatError } from "./snappy.ts";

/** Codec ids as in the RecordBatch attributes (bits 0-2). */
export const CompressionCodec = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;
/** 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
export type CompressionCodecId = (typeof CompressionCodec)[keyof typeof CompressionCodec];

/** Compress and decompress record payloads by Kafka codec id. */
export interface Compression {
  compress(codec: number, bytes: Uint8Array): Uint8Array;
  /** Throws {@link UnsupportedCodecError}, `CompressionFormatError` or a host error on bad input. */
  decompress(codec: number, bytes: Uint8Array): Uint8Array;
}

/** A codec id outside 0-4. */
export class UnsupportedCodecError extends Error {
  override readonly name = "UnsupportedCodecError";
  constructor(readonly codec: number) {
    super(`unsupported compression codec ${codec}`);
  }
}

/** Options of {@link createCompression}. */
export interface CompressionOptions {
  /** gzip and zstd implementations; defaults to the host's `node:zlib`. */
  host?: HostCompression;
  /** Snappy output framing: "xerial" (Java's, default) or "raw" (librdkafka's). */
  snappyFraming?: "xerial" | "raw";
  /** Upper bound on one decompressed payload (decompression bombs). Default 256 MiB. */
  maxDecompressedBytes?: number;
}

/**
 * The broker's compression facade.
 *
 * @example
 * ```ts
 * const compression = createCompression();
 * const packed = compression.compress(CompressionCodec.lz4, records);
 * compression.decompress(CompressionCodec.lz4, packed); // equals records
 * ```
 */
export function createCompression(options: CompressionOptions = {}): Compression {
  const host = options.host ?? hostCompression;
  const limit = options.maxDecompressedBytes ?? 256 * 1024 * 1024;
  const raw = options.snappyFraming === "raw";
  return {
    compress(codec, bytes) {
      switch (codec) {
        case CompressionCodec.none: return bytes;
        case CompressionCodec.gzip: return host.gzip.compress(bytes);
        case CompressionCodec.snappy: return raw ? snappyCompress(bytes) : xerialCompress(bytes);
        case CompressionCodec.lz4: return lz4FrameCompress(bytes);
        case CompressionCodec.zstd: return host.zstd.compress(bytes);
        default: throw new UnsupportedCodecError(codec);
      }
    },
    decompress(codec, bytes) {
      switch (codec) {
        case CompressionCodec.none: return bytes;
        case CompressionCodec.gzip: return host.gzip.decompress(bytes, limit);
        case CompressionCodec.snappy: return snappyDecompressAny(bytes, limit);
        case CompressionCodec.lz4: return lz4FrameDecompress(bytes, limit);
        case CompressionCodec.zstd: return host.zstd.decompress(bytes, limit);
        default: throw new UnsupportedCodecError(codec);
      }
    },
  };
}
