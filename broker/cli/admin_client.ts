/**
 * The CLI's client of a running broker's admin HTTP API (`topics`, `devices`): where it is
 * (`--admin-url`, `TRIBUTARY_ADMIN_URL`, default http://127.0.0.1:8080), the bearer token
 * (`--token`, `TRIBUTARY_ADMIN_TOKEN`), and JSON calls whose failures say what went wrong.
 *
 * @module
 */

/** One JSON call; rejects with "<METHOD> <path>: <status> <error>" when the answer is not 2xx. */
export type AdminCall = (method: string, path: string, body?: unknown) => Promise<unknown>;

/** Build the call function from the command's flags and the environment. */
export function adminClient(
  flags: { "admin-url"?: string | undefined; token?: string | undefined },
  env: Record<string, string>,
): AdminCall {
  const base = (flags["admin-url"] ?? env.TRIBUTARY_ADMIN_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
  const token = flags.token ?? env.TRIBUTARY_ADMIN_TOKEN;
  return async (method, path, body) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(base + path, init);
    const payload = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${(payload as { error?: string }).error ?? res.statusText}`);
    return payload;
  };
}
