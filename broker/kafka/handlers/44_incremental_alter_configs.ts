/**
 * IncrementalAlterConfigs (key 44), v0-1 (KIP-339). Per config an operation: 0 SET,
 * 1 DELETE (back to the broker default), 2 APPEND and 3 SUBTRACT for list configs
 * (`cleanup.policy`). A DELETE without known broker defaults, or APPEND/SUBTRACT on a
 * non-list config, is INVALID_CONFIG. Errors per resource; v1 flexible.
 */
import type { TopicConfig } from "../../log/types.ts";
import { ErrorCode } from "../errors.ts";
import {
  decodeIncrementalAlterConfigsRequest,
  type IncrementalAlterConfigsRequest,
} from "../protocol/generated/incremental_alter_configs_request.ts";
import {
  encodeIncrementalAlterConfigsResponse,
  type IncrementalAlterConfigsResponseInit,
} from "../protocol/generated/incremental_alter_configs_response.ts";
import { defineHandler } from "../registry.ts";
import { isKnownTopicConfig, parseTopicConfigs } from "../topic_configs.ts";
import { alterTopic } from "./_alter_configs.ts";

const SET = 0;
const DELETE = 1;
const APPEND = 2;
const SUBTRACT = 3;

/** The IncrementalAlterConfigs handler; see the module comment for versions and behaviour. */
export const incrementalAlterConfigsHandler = defineHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponseInit>({
  apiKey: 44,
  name: "IncrementalAlterConfigs",
  minVersion: 0,
  maxVersion: 1,
  decode: decodeIncrementalAlterConfigsRequest,
  encode: encodeIncrementalAlterConfigsResponse,
  async handle(request, info, context) {
    const responses = [];
    for (const r of request.resources) {
      responses.push(
        await alterTopic(r.resourceType, r.resourceName, request.validateOnly, context, info.session, (current) => {
          const changes: Partial<Record<keyof TopicConfig, unknown>> = {};
          for (const c of r.configs) {
            const invalid = (message: string) => ({ ok: false as const, errorCode: ErrorCode.INVALID_CONFIG, message });
            if (!isKnownTopicConfig(c.name)) return invalid(`unknown topic config ${c.name}`);
            let value = c.value;
            if (c.configOperation === DELETE) {
              const defaults = context.topicDefaults as Record<string, unknown> | undefined;
              if (!defaults || !(c.name in defaults)) continue;
              value = String(defaults[c.name]);
            } else if (c.configOperation === APPEND || c.configOperation === SUBTRACT) {
              if (c.name !== "cleanup.policy") return invalid(`${c.name} is not a list config`);
              const items = new Set(String(changes["cleanup.policy"] ?? current["cleanup.policy"]).split(","));
              for (const item of (c.value ?? "").split(",").filter(Boolean)) {
                if (c.configOperation === APPEND) items.add(item);
                else items.delete(item);
              }
              value = [...items].join(",");
            } else if (c.configOperation !== SET) {
              return invalid(`unknown operation ${c.configOperation}`);
            }
            const parsed = parseTopicConfigs([{ name: c.name, value }]);
            if (!parsed.ok) return parsed;
            Object.assign(changes, parsed.config);
          }
          return { ok: true, changes: changes as Partial<TopicConfig> };
        }),
      );
    }
    return { throttleTimeMs: 0, responses };
  },
});
