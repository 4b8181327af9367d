/**
 * `tributary topics list|create|describe|delete`: topic administration against a running
 * broker through its admin HTTP API (the broker owns the data directory while it runs).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { adminClient } from "./admin_client.ts";

export const topicsUsage = `Usage: tributary topics <list|create|describe|delete> [options]

  list                              topics with partition counts
  create <name> [--partitions N] [--config key=value ...]
  describe <name>                   partitions, offsets and configs
  delete <name>

Options:
  --admin-url URL   admin API of the broker (default http://127.0.0.1:8080, or TRIBUTARY_ADMIN_URL)
  --token TOKEN     admin token (or TRIBUTARY_ADMIN_TOKEN)
`;

type Say = (line: string) => void;

export async function topicsCommand(args: string[], env: Record<string, string>, say: Say): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "admin-url": { type: "string" },
      token: { type: "string" },
      partitions: { type: "string" },
      config: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  const [action, name] = positionals;
  if (values.help || !action) {
    say(topicsUsage);
    return action ? 0 : 2;
  }
  const call = adminClient(values, env);
  const needName = () => {
    if (!name) throw new Error(`topics ${action} needs a topic name`);
    return encodeURIComponent(name);
  };
  switch (action) {
    case "list": {
      const topics = await call("GET", "/api/topics") as Array<{ name: string; partitions: number }>;
      for (const t of topics) say(`${t.name}\t${t.partitions}`);
      return 0;
    }
    case "create": {
      const config: Record<string, string> = {};
      for (const entry of values.config ?? []) {
        const eq = entry.indexOf("=");
        if (eq < 1) throw new Error(`--config ${entry}: expected key=value, e.g. retention.ms=86400000`);
        config[entry.slice(0, eq)] = entry.slice(eq + 1);
      }
      const partitions = values.partitions === undefined ? undefined : Number(values.partitions);
      await call("POST", "/api/topics", { name, partitions, config });
      say(`created ${name}`);
      return 0;
    }
    case "describe":
      say(JSON.stringify(await call("GET", `/api/topics/${needName()}`), null, 2));
      return 0;
    case "delete":
      await call("DELETE", `/api/topics/${needName()}`);
      say(`deleted ${name}`);
      return 0;
    default:
      say(topicsUsage);
      return 2;
  }
}
