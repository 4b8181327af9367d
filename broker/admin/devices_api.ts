/**
 * The device registry as the admin API sees it: an interface supplied from outside
 * (`devices/` implements it, the root `mod.ts` wires it — STYLE item 10), plus its routes.
 *
 * @module
 */
import type { Hono } from "hono";

/** Device administration; views are plain JSON objects without credentials. */
export interface DeviceAdmin {
  list(): unknown[];
  get(id: string): unknown | undefined;
  /** Create from a request body; resolves with the view and the one-time secret. */
  add(body: unknown): Promise<{ device: unknown; secret: string }>;
  setDisabled(id: string, disabled: boolean): Promise<unknown>;
  delete(id: string): Promise<void>;
}

/** Mount `/api/devices…` on `app` (behind the admin token middleware). */
export function mountDeviceRoutes(app: Hono, devices: DeviceAdmin | undefined): void {
  const none = { error: "the device registry is not configured in this process" };
  app.get("/api/devices", (c) => devices ? c.json(devices.list()) : c.json(none, 501));
  app.post("/api/devices", async (c) => {
    if (!devices) return c.json(none, 501);
    const body = await c.req.json().catch(() => null);
    if (body === null || typeof body !== "object") return c.json({ error: "expected a JSON object {id, acl?, codec?, metadata?}" }, 400);
    try {
      return c.json(await devices.add(body), 201);
    } catch (err) {
      return c.json({ error: (err as Error).message }, statusOf(err));
    }
  });
  app.get("/api/devices/:id", (c) => {
    if (!devices) return c.json(none, 501);
    const d = devices.get(c.req.param("id"));
    return d ? c.json(d) : c.json({ error: "unknown device" }, 404);
  });
  for (const [action, disabled] of [["disable", true], ["enable", false]] as const) {
    app.post(`/api/devices/:id/${action}`, async (c) => {
      if (!devices) return c.json(none, 501);
      try {
        return c.json(await devices.setDisabled(c.req.param("id"), disabled));
      } catch (err) {
        return c.json({ error: (err as Error).message }, statusOf(err));
      }
    });
  }
  app.delete("/api/devices/:id", async (c) => {
    if (!devices) return c.json(none, 501);
    try {
      await devices.delete(c.req.param("id"));
      return c.json({ deleted: c.req.param("id") });
    } catch (err) {
      return c.json({ error: (err as Error).message }, statusOf(err));
    }
  });
}

function statusOf(err: unknown): 400 | 404 | 409 | 500 {
  const status = (err as { status?: unknown }).status;
  return status === 400 || status === 404 || status === 409 ? status : 500;
}
