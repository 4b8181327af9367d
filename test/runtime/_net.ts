/**
 * Helpers for the socket tests: read a connection to its end, echo servers, byte patterns.
 *
 * @module
 */

import type { Runtime, TcpConnection, TcpListener, TlsOptions } from "../../broker/runtime/mod.ts";

/** Read until `null`, returning every byte received. */
export async function readAll(connection: TcpConnection): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await connection.read(); chunk !== null; chunk = await connection.read()) {
    chunks.push(chunk);
    total += chunk.length;
  }
  return concat(chunks, total);
}

/** Read exactly `count` bytes (fewer if the stream ends first). */
export async function readExactly(connection: TcpConnection, count: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < count) {
    const chunk = await connection.read();
    if (chunk === null) break;
    chunks.push(chunk);
    total += chunk.length;
  }
  return concat(chunks, total);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** `length` bytes of a pattern that makes reordering or loss visible. */
export function pattern(length: number, seed = 0): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed + (i >> 12)) & 0xff;
  return out;
}

/** Whether two byte arrays are equal (without building a huge failure message). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** An echo server: writes back every chunk, closes at EOF. Tracks its connections. */
export async function echoServer(
  runtime: Runtime,
  tls?: TlsOptions,
): Promise<{ listener: TcpListener; done: Promise<void>[] }> {
  const done: Promise<void>[] = [];
  const listener = await runtime.listen(
    { hostname: "127.0.0.1", port: 0, ...(tls === undefined ? {} : { tls }) },
    (connection) => {
      done.push((async () => {
        try {
          for (
            let chunk = await connection.read();
            chunk !== null;
            chunk = await connection.read()
          ) {
            await connection.write(chunk);
          }
        } finally {
          connection.close();
        }
      })());
    },
  );
  return { listener, done };
}
