/**
 * The host's gzip and zstd, from `node:zlib` (Deno 2.x and Bun 1.x both provide `gzipSync`,
 * `gunzipSync`, `zstdCompressSync` and `zstdDecompressSync`).
 *
 * It lives in `broker/runtime/` because it imports a `node:` module (STYLE item 1). The Kafka
 * compression facade (`broker/kafka/compression/mod.ts`) adds the pure-JS snappy and lz4 codecs
 * and is what the rest of the broker uses. Results are plain `Uint8Array` views, so `Buffer`
 * never leaks out of this file.
 *
 * @module
 */
import process from "node:process";

type Zlib = typeof import("node:zlib");
let zlibModule: Zlib | undefined;
/**
 * `node:zlib`, loaded by the first compressed batch rather than at start: most gateways never
 * see one, and the module costs a few MB of RSS (most on Deno). `getBuiltinModule` is
 * synchronous, as the codecs are; Deno 2.x and Bun 1.x both provide it.
 */
function zlib(): Zlib {
  return (zlibModule ??= process.getBuiltinModule("node:zlib") as Zlib);
}

/** One byte-to-byte codec. `maxOutputBytes` bounds decompression (zip bombs). */
export interface HostCodec {
  compress(bytes: Uint8Array): Uint8Array;
  decompress(bytes: Uint8Array, maxOutputBytes: number): Uint8Array;
}

/** The codecs the host implements natively. */
export interface HostCompression {
  gzip: HostCodec;
  zstd: HostCodec;
}

function plain(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * gzip and zstd from `node:zlib`.
 *
 * @example
 * ```ts
 * const packed = hostCompression.zstd.compress(bytes);
 * const back = hostCompression.zstd.decompress(packed, 1 << 20);
 * ```
 */
export const hostCompression: HostCompression = {
  gzip: {
    compress: (bytes) => plain(zlib().gzipSync(bytes)),
    // gunzip also reads concatenated gzip members, as java.util.zip.GZIPInputStream does.
    decompress: (bytes, maxOutputBytes) =>
      plain(zlib().gunzipSync(bytes, { maxOutputLength: maxOutputBytes })),
  },
  zstd: {
    compress: (bytes) => plain(zlib().zstdCompressSync(bytes)),
    decompress: (bytes, maxOutputBytes) =>
      plain(zlib().zstdDecompressSync(bytes, { maxOutputLength: maxOutputBytes })),
  },
};
