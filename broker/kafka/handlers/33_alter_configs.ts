/**
 * AlterConfigs (key 33), v0-2: the legacy, non-incremental form. The given set replaces the
 * topic's overrides: configs not named go back to the broker default (when the defaults are
 * known to the listener; otherwise they are left as they are). Broker resources are
 * INVALID_REQUEST — broker settings live in the configuration file. v2 flexible.
 */
import { decodeAlterConfigsRequest, type AlterConfigsRequest } from "../protocol/generated/alter_configs_request.ts";
import { type AlterConfigsResponseInit, encodeAlterConfigsResponse } from "../protocol/generated/alter_configs_response.ts";
import { defineHandler } from "../registry.ts";
import { parseTopicConfigs } from "../topic_configs.ts";
import { alterTopic } from "./_alter_configs.ts";

/** The AlterConfigs handler; see the module comment for versions and behaviour. */
export const alterConfigsHandler = defineHandler<AlterConfigsRequest, AlterConfigsResponseInit>({
  apiKey: 33,
  name: "AlterConfigs",
  minVersion: 0,
  maxVersion: 2,
  decode: decodeAlterConfigsRequest,
  encode: encodeAlterConfigsResponse,
  async handle(request, info, context) {
    const responses = [];
    for (const r of request.resources) {
      responses.push(
        await alterTopic(r.resourceType, r.resourceName, request.validateOnly, context, info.session, () => {
          const parsed = parseTopicConfigs(r.configs);
          if (!parsed.ok) return parsed;
          return { ok: true, changes: { ...context.topicDefaults, ...parsed.config } };
        }),
      );
    }
    return { throttleTimeMs: 0, responses };
  },
});
