/**
 * A broker whose stdout/stderr reader went away (supervisor died, `| head`) keeps serving and
 * still shuts down cleanly on SIGTERM: log lines that cannot be written are dropped, never
 * turned into failed requests or a stuck shutdown.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { hosts, run, startBrokerProcess } from "../_support/broker_process.ts";

for (const host of hosts) {
  describe(`closed output on ${host}`, () => {
    test("serves Kafka and stops on SIGTERM with exit 0 after its output pipes close", async () => {
      const broker = await startBrokerProcess(host);
      try {
        broker.child.stdout!.destroy();
        broker.child.stderr!.destroy();
        // A new topic makes the broker log ("topic created") into the dead pipe.
        const produced = await run("kcat", ["-b", `127.0.0.1:${broker.ports.kafka}`, "-P", "-t", "fresh-topic", "-X", "acks=all"], {
          input: "one\ntwo\n",
        });
        expect(produced.code).toBe(0);
        const consumed = await run("kcat", ["-b", `127.0.0.1:${broker.ports.kafka}`, "-C", "-t", "fresh-topic", "-e", "-q"]);
        expect(consumed.stdout).toBe("one\ntwo\n");
      } finally {
        expect(await broker.stop()).toBe(0);
      }
      expect(existsSync(join(broker.dataDir, ".clean-shutdown"))).toBe(true);
    }, 60_000);
  });
}
