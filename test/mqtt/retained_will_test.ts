import { afterEach, describe, expect, test } from "bun:test";
import { collect, type Harness, sleep, startHarness, waitFor } from "./_harness.ts";
import { FakeClock } from "./_fake_clock.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("retained messages", () => {
  for (const protocolVersion of [4, 5] as const) {
    test(`v${protocolVersion}: a new subscriber gets the retained message with RETAIN set; empty payload clears it`, async () => {
      h = await startHarness();
      const pub = await h.connect({ protocolVersion });
      await pub.publishAsync("home/temp", "21.5", { qos: 1, retain: true });
      const s1 = await h.connect({ protocolVersion });
      const got1 = collect(s1);
      await s1.subscribeAsync("home/+", { qos: 1 });
      await waitFor(() => got1.length === 1);
      expect(got1[0]!.payload).toBe("21.5");
      expect(got1[0]!.packet.retain).toBe(true); // §3.3.1.3 (v3.1.1 [MQTT-3.3.1-8])
      // A live subscriber gets later retained publishes with RETAIN cleared [MQTT-3.3.1-12].
      await pub.publishAsync("home/temp", "22", { qos: 1, retain: true });
      await waitFor(() => got1.length === 2);
      expect(got1[1]!.packet.retain).toBe(false);
      await pub.publishAsync("home/temp", "", { qos: 1, retain: true });
      await waitFor(() => h.server.stats().retained === 0);
      const s2 = await h.connect({ protocolVersion });
      const got2 = collect(s2);
      await s2.subscribeAsync("home/#", { qos: 1 });
      await sleep(50);
      expect(got2).toHaveLength(0);
    });
  }

  test("v5 retain handling 2 sends nothing, 1 only for a new subscription; retain-as-published keeps the flag", async () => {
    h = await startHarness();
    const pub = await h.connect({ protocolVersion: 5 });
    await pub.publishAsync("r/x", "v", { qos: 1, retain: true });
    const sub = await h.connect({ protocolVersion: 5 });
    const got = collect(sub);
    await sub.subscribeAsync("r/#", { qos: 1, rh: 2 });
    await sleep(30);
    expect(got).toHaveLength(0);
    await sub.subscribeAsync("r/+", { qos: 1, rh: 1 });
    await waitFor(() => got.length === 1);
    await sub.subscribeAsync("r/+", { qos: 1, rh: 1 }); // existing: nothing
    await sleep(30);
    expect(got).toHaveLength(1);
    await sub.unsubscribeAsync(["r/#", "r/+"]);
    await sub.subscribeAsync("r/x", { qos: 1, rap: true, rh: 2 });
    await pub.publishAsync("r/x", "w", { qos: 1, retain: true });
    await waitFor(() => got.length === 2);
    expect(got[1]!.packet.retain).toBe(true); // [MQTT-3.3.1-13]
  });

  test("retained messages survive a server restart (compacted __mqtt_retained)", async () => {
    h = await startHarness();
    const pub = await h.connect({ protocolVersion: 5 });
    await pub.publishAsync("keep/me", "still here", { qos: 1, retain: true });
    await pub.publishAsync("drop/me", "gone", { qos: 1, retain: true });
    await pub.publishAsync("drop/me", "", { qos: 1, retain: true });
    const log = h.log;
    await h.close();
    h = await startHarness({ log });
    expect(h.server.stats().retained).toBe(1);
    const sub = await h.connect({ protocolVersion: 5 });
    const got = collect(sub);
    await sub.subscribeAsync("#", { qos: 1 });
    await waitFor(() => got.length === 1);
    expect(got[0]!.topic).toBe("keep/me");
    expect(got[0]!.payload).toBe("still here");
  });
});

describe("wills", () => {
  for (const protocolVersion of [4, 5] as const) {
    test(`v${protocolVersion}: the will is published when the connection drops without DISCONNECT`, async () => {
      h = await startHarness();
      const watcher = await h.connect({ protocolVersion });
      const got = collect(watcher);
      await watcher.subscribeAsync("status/+", { qos: 1 });
      const dying = await h.connect({ protocolVersion, will: { topic: "status/dev1", payload: "offline", qos: 1, retain: false } });
      (dying as unknown as { stream: { destroy(): void } }).stream.destroy(); // abrupt close
      await waitFor(() => got.length === 1);
      expect(got[0]!.payload).toBe("offline");
    });

    test(`v${protocolVersion}: a normal DISCONNECT discards the will [MQTT-3.1.2-10]`, async () => {
      h = await startHarness();
      const watcher = await h.connect({ protocolVersion });
      const got = collect(watcher);
      await watcher.subscribeAsync("status/+", { qos: 1 });
      const leaving = await h.connect({ protocolVersion, will: { topic: "status/dev2", payload: "offline", qos: 1, retain: false } });
      await leaving.endAsync();
      await sleep(50);
      expect(got).toHaveLength(0);
    });
  }

  test("a broker shutdown publishes connected clients' wills and delayed wills before closing, as Mosquitto does; a normal DISCONNECT still discards", async () => {
    h = await startHarness({ clock: new FakeClock() });
    const watcher = await h.connect({ protocolVersion: 5 });
    const got = collect(watcher);
    await watcher.subscribeAsync("lwt/#", { qos: 1 });
    await h.connect({ protocolVersion: 4, will: { topic: "lwt/live", payload: "live-gone", qos: 1, retain: false } });
    const delayedWill = { topic: "lwt/delayed", payload: "delayed-gone", qos: 1 as const, retain: false, properties: { willDelayInterval: 3600 } };
    const delayed = await h.connect({ protocolVersion: 5, clientId: "delayed", clean: false, properties: { sessionExpiryInterval: 7200 }, will: delayedWill });
    (delayed as unknown as { stream: { destroy(): void } }).stream.destroy();
    const leaving = await h.connect({ protocolVersion: 5, will: { topic: "lwt/leaving", payload: "leaving-gone", qos: 1, retain: false } });
    await leaving.endAsync();
    await waitFor(() => h.server.stats().connections === 2);
    await sleep(30);
    expect(got).toHaveLength(0); // the delayed will waits (fake clock)
    await h.server.close();
    await waitFor(() => got.length === 2);
    expect(got.map((m) => m.payload).sort()).toEqual(["delayed-gone", "live-gone"]);
    // Durable before close() resolved: both are records in the log.
    const records = (await h.log.partition("mqtt-messages", 0))!.records();
    const topics = records.map((r) => new TextDecoder().decode(r.headers.find((x) => x.key === "mqtt.topic")!.value!));
    expect(topics.sort()).toEqual(["lwt/delayed", "lwt/live"]);
  });

  test("v5 will delay: cancelled by a reconnect, published after the delay otherwise", async () => {
    const clock = new FakeClock();
    h = await startHarness({ clock });
    const watcher = await h.connect({ protocolVersion: 5 });
    const got = collect(watcher);
    await watcher.subscribeAsync("lwt/#", { qos: 1 });
    const will = { topic: "lwt/a", payload: "gone", qos: 1 as const, retain: false, properties: { willDelayInterval: 10 } };
    const opts = { protocolVersion: 5 as const, clientId: "delayed", clean: false, properties: { sessionExpiryInterval: 60 }, will };
    const c1 = await h.connect(opts);
    (c1 as unknown as { stream: { destroy(): void } }).stream.destroy();
    await waitFor(() => h.server.stats().connections === 1);
    clock.advance(5000);
    await h.connect(opts); // reconnect within the delay cancels the will [MQTT-3.1.3-9]
    clock.advance(20_000);
    await sleep(30);
    expect(got).toHaveLength(0);
    const c3 = h.clients[h.clients.length - 1]!;
    (c3 as unknown as { stream: { destroy(): void } }).stream.destroy();
    await waitFor(() => h.server.stats().connections === 1);
    clock.advance(9000);
    await sleep(20);
    expect(got).toHaveLength(0);
    clock.advance(1000);
    await waitFor(() => got.length === 1);
    expect(got[0]!.payload).toBe("gone");
  });
});
