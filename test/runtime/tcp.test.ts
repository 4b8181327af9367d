/** TCP through the host's Runtime: ordering, EOF, close semantics, backpressure, concurrency. */
import { describe, expect, test } from "bun:test";
import { currentRuntime, errorCode, type TcpConnection } from "../../broker/runtime/mod.ts";
import { echoServer, pattern, readAll, readExactly, sameBytes } from "./_net.ts";

const runtime = currentRuntime();
const loopback = "127.0.0.1";
/** Let the event loop run (sockets make progress) without asserting anything about time. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

describe(`TCP on ${runtime.name}`, () => {
  test("echoes several megabytes in order", async () => {
    const { listener, done } = await echoServer(runtime);
    const client = await runtime.connect({ hostname: loopback, port: listener.port });
    expect(client.remotePort).toBe(listener.port);
    expect(client.localPort).toBeGreaterThan(0);
    const payload = pattern(6 * 1024 * 1024 + 7);
    const received = readExactly(client, payload.length);
    for (let offset = 0; offset < payload.length; offset += 100_000) {
      await client.write(payload.subarray(offset, offset + 100_000));
    }
    expect(sameBytes(await received, payload)).toBe(true);
    client.close();
    await Promise.all(done);
    await listener.close();
  });

  test("read returns null at EOF after the last bytes", async () => {
    let serverSide: Promise<Uint8Array> | undefined;
    const listener = await runtime.listen({ hostname: loopback, port: 0 }, (connection) => {
      serverSide = readAll(connection).finally(() => connection.close());
    });
    const client = await runtime.connect({ hostname: loopback, port: listener.port });
    await client.write(new TextEncoder().encode("last words"));
    client.close();
    while (serverSide === undefined) await settle();
    expect(new TextDecoder().decode(await serverSide)).toBe("last words");
    expect(await client.read()).toBeNull();
    await listener.close();
  });

  test("the peer's close ends reads; write after close rejects; close is idempotent", async () => {
    const listener = await runtime.listen({ hostname: loopback, port: 0 }, (c) => c.close());
    const client = await runtime.connect({ hostname: loopback, port: listener.port });
    expect(await client.read()).toBeNull();
    client.close();
    client.close();
    expect(await client.read()).toBeNull();
    let code: string | undefined;
    await client.write(new Uint8Array(1)).catch((e) => (code = errorCode(e)));
    expect(code).toBe("EPIPE");
    await listener.close();
  });

  test("bytes written just before close() still reach the peer", async () => {
    let serverSide: Promise<Uint8Array> | undefined;
    const listener = await runtime.listen({ hostname: loopback, port: 0 }, (connection) => {
      serverSide = readAll(connection).finally(() => connection.close());
    });
    const client = await runtime.connect({ hostname: loopback, port: listener.port });
    const payload = pattern(4 * 1024 * 1024);
    const written = client.write(payload); // not awaited: close() must not cut it off
    client.close();
    await written;
    while (serverSide === undefined) await settle();
    expect(sameBytes(await serverSide, payload)).toBe(true);
    await listener.close();
  });

  test("close() wakes a pending read with null", async () => {
    const accepted: TcpConnection[] = [];
    const listener = await runtime.listen({ hostname: loopback, port: 0 }, (c) => accepted.push(c));
    const client = await runtime.connect({ hostname: loopback, port: listener.port });
    const pending = client.read();
    client.close();
    expect(await pending).toBeNull();
    for (const c of accepted) c.close();
    await listener.close();
  });

  test("a peer that never reads: bufferedAmount stays bounded and write stays pending", async () => {
    const accepted: TcpConnection[] = [];
    const listener = await runtime.listen({ hostname: loopback, port: 0 }, (c) => accepted.push(c));
    const client = await runtime.connect({ hostname: loopback, port: listener.port });
    const chunk = pattern(64 * 1024);
    let sent = 0;
    let stuck: Promise<void> | undefined;
    // Kernel buffers on loopback hold a few MiB; give up (and fail) at 256 MiB.
    while (stuck === undefined && sent < 256 * 1024 * 1024) {
      const write = client.write(chunk);
      sent += chunk.length;
      let finished = false;
      write.then(() => (finished = true), () => (finished = true));
      await settle();
      if (!finished) stuck = write;
    }
    expect(stuck).toBeDefined();
    expect(client.bufferedAmount).toBeLessThanOrEqual(2 * 1024 * 1024);
    // Now read everything: the pending write completes and no byte is lost.
    while (accepted.length === 0) await settle();
    const server = accepted[0]!;
    const received = readExactly(server, sent);
    await stuck;
    client.close();
    expect((await received).length).toBe(sent);
    expect(await server.read()).toBeNull();
    server.close();
    await listener.close();
  });

  test("serves many concurrent connections", async () => {
    const { listener, done } = await echoServer(runtime);
    const clients = await Promise.all(
      Array.from(
        { length: 64 },
        () => runtime.connect({ hostname: loopback, port: listener.port }),
      ),
    );
    const results = await Promise.all(clients.map(async (client, i) => {
      const message = pattern(10_000 + i, i);
      await client.write(message);
      const echoed = await readExactly(client, message.length);
      client.close();
      return sameBytes(echoed, message);
    }));
    expect(results.every(Boolean)).toBe(true);
    await Promise.all(done);
    await listener.close();
  });

  test("connecting to a closed port rejects with ECONNREFUSED", async () => {
    const listener = await runtime.listen({ hostname: loopback, port: 0 }, (c) => c.close());
    const port = listener.port;
    await listener.close();
    let code: string | undefined;
    await runtime.connect({ hostname: loopback, port }).catch((e) => (code = errorCode(e)));
    expect(code).toBe("ECONNREFUSED");
  });

  test("listening on a port in use rejects with EADDRINUSE", async () => {
    const first = await runtime.listen({ hostname: loopback, port: 0 }, (c) => c.close());
    let code: string | undefined;
    await runtime.listen({ hostname: loopback, port: first.port }, (c) => c.close())
      .then((second) => second.close(), (e) => (code = errorCode(e)));
    expect(code).toBe("EADDRINUSE");
    await first.close();
  });

  test("closing the listener keeps accepted connections open", async () => {
    const { listener, done } = await echoServer(runtime);
    const client = await runtime.connect({ hostname: loopback, port: listener.port });
    await client.write(new Uint8Array([1]));
    expect(await readExactly(client, 1)).toEqual(new Uint8Array([1]));
    await listener.close();
    await client.write(new Uint8Array([2]));
    expect(await readExactly(client, 1)).toEqual(new Uint8Array([2]));
    client.close();
    await Promise.all(done);
  });
});
