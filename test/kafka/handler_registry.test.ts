import { describe, expect, test } from "bun:test";
import { allHandlers } from "../../broker/kafka/handlers/mod.ts";
import { HandlerRegistry } from "../../broker/kafka/registry.ts";

describe("HandlerRegistry.deferred", () => {
  test("holds no handler until ready(), then every handler the loader returns", async () => {
    const registry = HandlerRegistry.deferred(() => Promise.resolve(allHandlers));
    expect(registry.get(18)).toBeUndefined();
    expect(registry.versions()).toEqual([]);
    await registry.ready();
    expect(registry.get(18)?.name).toBe("ApiVersions");
    expect(registry.versions()).toEqual(new HandlerRegistry(allHandlers).versions());
  });

  test("loads once however many connections wait for it", async () => {
    let loads = 0;
    const registry = HandlerRegistry.deferred(async () => {
      loads++;
      return allHandlers;
    });
    await Promise.all([registry.ready(), registry.ready(), registry.ready()]);
    await registry.ready();
    expect(loads).toBe(1);
    expect(registry.versions().length).toBe(allHandlers.length);
  });

  test("the broker's own dynamic import of the handlers fills it", async () => {
    const registry = HandlerRegistry.deferred(async () => (await import("../../broker/kafka/handlers/mod.ts")).allHandlers);
    await registry.ready();
    expect(registry.get(0)?.name).toBe("Produce");
  });

  test("a registry built from a list is ready at once", async () => {
    const registry = new HandlerRegistry(allHandlers);
    expect(registry.get(3)?.name).toBe("Metadata");
    await registry.ready();
    expect(registry.get(3)?.name).toBe("Metadata");
  });
});
