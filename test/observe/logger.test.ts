import { expect, test } from "bun:test";
import { createLogger } from "../../broker/observe/logger.ts";

test("a throwing sink (EPIPE on a closed stderr) never reaches the caller", () => {
  const logger = createLogger({
    level: "debug",
    format: "text",
    sink: () => {
      throw Object.assign(new Error("broken pipe"), { code: "EPIPE" });
    },
  });
  expect(() => logger.info("topic created", { topic: "t" })).not.toThrow();
  expect(() => logger.child({ component: "kafka" }).error("x")).not.toThrow();
});

test("lines carry level, message and fields; json lines parse", () => {
  const lines: string[] = [];
  const logger = createLogger({ level: "info", format: "json", sink: (l) => lines.push(l), now: () => 0 });
  logger.debug("hidden");
  logger.child({ component: "log" }).warn("segment deleted", { bytes: 10n, err: new Error("boom") });
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toEqual({
    time: "1970-01-01T00:00:00.000Z",
    level: "warn",
    msg: "segment deleted",
    component: "log",
    bytes: "10",
    err: { name: "Error", message: "boom" },
  });
});
