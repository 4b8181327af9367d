/** A manager over a given FileSystem with test defaults. */
import { createLogManager, type FileLogManager, type LogManagerOptions } from "../../broker/log/log_manager.ts";
import { silentLogger } from "../../broker/observe/logger.ts";
import { MetricsRegistry } from "../../broker/observe/metrics.ts";
import type { FileSystem } from "../../broker/runtime/types.ts";
import { testConfig } from "./_helpers.ts";

export async function openManager(
  fs: FileSystem,
  dataDir: string,
  extra: Partial<LogManagerOptions> = {},
): Promise<{ logs: FileLogManager; registry: MetricsRegistry }> {
  const registry = extra.metrics ?? new MetricsRegistry();
  const logs = await createLogManager({
    fs,
    dataDir,
    durability: { policy: "group-commit", intervalMs: 10 },
    defaults: testConfig,
    defaultPartitions: 1,
    autoCreateTopics: true,
    logger: silentLogger,
    metrics: registry,
    ...extra,
  });
  return { logs, registry };
}
