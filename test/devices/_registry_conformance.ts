/**
 * The device registry contract, run over every {@link DeviceStore} (STYLE item 9): the same
 * behaviour in memory and on a file, including across a reopen (a restart).
 */
import { describe, expect, test } from "bun:test";
import { DeviceRegistry, type DeviceStore } from "../../devices/mod.ts";

/** Low iteration count: the contract, not PBKDF2's cost, is under test. */
export const TEST_ITERATIONS = 1000;

/** `open` returns a fresh store and a function giving a second instance over the same storage. */
export function registryConformance(name: string, open: () => Promise<{ store: DeviceStore; reopen: () => DeviceStore }>): void {
  const registry = (store: DeviceStore) => DeviceRegistry.open({ store, iterations: TEST_ITERATIONS, now: () => 1_700_000_000_000 });

  describe(`device registry over the ${name} store`, () => {
    test("an empty store has no devices", async () => {
      const { store } = await open();
      expect(await store.load()).toEqual([]);
      expect((await registry(store)).list()).toEqual([]);
    });

    test("add returns a secret once; the device is listed without any credential", async () => {
      const { store } = await open();
      const r = await registry(store);
      const { device, secret } = await r.add({ id: "th-001", metadata: { model: "TH-1", location: "barn" }, codec: "cbor" });
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(device).toEqual({
        id: "th-001",
        disabled: false,
        acl: { publish: ["devices/{id}/#"], subscribe: ["devices/{id}/#"] },
        codec: "cbor",
        metadata: { model: "TH-1", location: "barn" },
        createdAt: 1_700_000_000_000,
        lastSeen: null,
        online: false,
      });
      expect(JSON.stringify(r.list())).not.toContain(secret);
      expect(JSON.stringify(await store.load())).not.toContain(secret);
      expect(r.get("th-001")).toEqual(device);
    });

    test("the secret authenticates; a wrong one, an unknown id and a disabled device do not", async () => {
      const { store } = await open();
      const r = await registry(store);
      const { secret } = await r.add({ id: "d1" });
      expect(await r.authenticate("d1", secret)).toBe(true);
      expect(await r.authenticate("d1", secret + "x")).toBe(false);
      expect(await r.authenticate("nobody", secret)).toBe(false);
      await r.setDisabled("d1", true);
      expect(await r.authenticate("d1", secret)).toBe(false);
      await r.setDisabled("d1", false);
      expect(await r.authenticate("d1", secret)).toBe(true);
    });

    test("devices, secrets and the disabled flag survive a reopen", async () => {
      const { store, reopen } = await open();
      const r = await registry(store);
      const { secret } = await r.add({ id: "d1", acl: { publish: ["plant/{id}/+"] } });
      await r.add({ id: "d2" });
      await r.setDisabled("d2", true);
      const again = await registry(reopen());
      expect(again.list().map((d) => [d.id, d.disabled])).toEqual([["d1", false], ["d2", true]]);
      expect(again.get("d1")!.acl.publish).toEqual(["plant/{id}/+"]);
      expect(await again.authenticate("d1", secret)).toBe(true);
    });

    test("delete removes the device and its credential, also after a reopen", async () => {
      const { store, reopen } = await open();
      const r = await registry(store);
      const { secret } = await r.add({ id: "d1" });
      await r.delete("d1");
      expect(r.get("d1")).toBeUndefined();
      expect(await r.authenticate("d1", secret)).toBe(false);
      expect((await registry(reopen())).list()).toEqual([]);
    });

    test("last seen is recorded on authentication and saved by flush", async () => {
      const { store, reopen } = await open();
      const r = await registry(store);
      const { secret } = await r.add({ id: "d1" });
      await r.authenticate("d1", secret);
      expect(r.get("d1")!.lastSeen).toBe(1_700_000_000_000);
      await r.flush();
      expect((await registry(reopen())).get("d1")!.lastSeen).toBe(1_700_000_000_000);
    });

    test("bad requests are refused with the status the admin API uses", async () => {
      const { store } = await open();
      const r = await registry(store);
      await r.add({ id: "d1" });
      await expect(r.add({ id: "d1" })).rejects.toMatchObject({ name: "DeviceError", status: 409 });
      await expect(r.add({ id: "a/b" })).rejects.toMatchObject({ status: 400 });
      await expect(r.add({ id: "" })).rejects.toMatchObject({ status: 400 });
      await expect(r.add({ id: "d2", acl: { publish: ["a/#/b"] } })).rejects.toMatchObject({ status: 400 });
      await expect(r.add({ id: "d3", codec: "xml" as never })).rejects.toMatchObject({ status: 400 });
      await expect(r.setDisabled("nope", true)).rejects.toMatchObject({ status: 404 });
      await expect(r.delete("nope")).rejects.toMatchObject({ status: 404 });
      expect(r.list().map((d) => d.id)).toEqual(["d1"]);
    });

    test("ACLs: by default a device publishes and subscribes only under devices/<id>/", async () => {
      const { store } = await open();
      const r = await registry(store);
      await r.add({ id: "d1" });
      expect(r.mayPublish("d1", "devices/d1/telemetry")).toBe(true);
      expect(r.mayPublish("d1", "devices/d1")).toBe(true);
      expect(r.mayPublish("d1", "devices/d2/telemetry")).toBe(false);
      expect(r.mayPublish("d1", "other")).toBe(false);
      expect(r.maySubscribe("d1", "devices/d1/cmd/#")).toBe(true);
      expect(r.maySubscribe("d1", "devices/+/cmd")).toBe(false);
      expect(r.maySubscribe("d1", "#")).toBe(false);
      expect(r.maySubscribe("d1", "$share/g/devices/d1/cmd")).toBe(true);
      expect(r.mayPublish("ghost", "devices/ghost/x")).toBe(false);
    });
  });
}
