/**
 * What handlers and connections share: configuration, the engine, the lifecycle timers and
 * the registry of live connections by client id.
 *
 * @module
 */

import type { LimitReporter } from "../limits/mod.ts";
import type { Logger } from "../observe/logger.ts";
import type { Clock } from "./clock.ts";
import type { Connection } from "./connection.ts";
import type { Engine } from "./engine.ts";
import type { MqttHooks } from "./hooks.ts";
import type { SessionLifecycle } from "./lifecycle.ts";
import type { MqttLimits } from "./limits.ts";
import type { MqttMetrics } from "./metrics.ts";

/** Shared server state passed to every connection and handler. */
export interface ServerContext {
  readonly limits: MqttLimits;
  readonly hooks: MqttHooks;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: MqttMetrics;
  /** Counts and logs refusals at configured limits (`tributary_limit_rejections_total`). */
  readonly limitReporter: LimitReporter;
  readonly engine: Engine;
  readonly lifecycle: SessionLifecycle;
  /** Connected clients by client id (for takeover [MQTT-3.1.4-3]). */
  readonly byClientId: Map<string, Connection>;
  /** Called once by `Connection.close()`. */
  connectionClosed(connection: Connection, wasConnected: boolean): void;
  /** Fresh id for a client that sent an empty one [MQTT-3.1.3-6]. */
  assignClientId(): string;
}
