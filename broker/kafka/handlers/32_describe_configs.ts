/**
 * DescribeConfigs (key 32), v0-4. Topic resources (type 2) report the log's topic configs,
 * marked as topic overrides when they differ from the broker defaults (source 1, else 5);
 * `configurationKeys` filters them. Broker resources (type 4) for node 0 answer with no
 * entries (the broker's settings live in its own config file); other nodes or resource types
 * get INVALID_REQUEST. v0 has `isDefault` instead of a source; v1+ synonyms (empty); v3+
 * config types (KIP-569) and documentation (null); v4 flexible. Errors per resource.
 */
import { mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeDescribeConfigsRequest, type DescribeConfigsRequest } from "../protocol/generated/describe_configs_request.ts";
import {
  type DescribeConfigsResponseDescribeConfigsResultInit,
  type DescribeConfigsResponseInit,
  encodeDescribeConfigsResponse,
} from "../protocol/generated/describe_configs_response.ts";
import { defineHandler } from "../registry.ts";
import { ConfigSource, describeTopicConfig } from "../topic_configs.ts";

const TOPIC = 2;
const BROKER = 4;

/** The DescribeConfigs handler; see the module comment for versions and behaviour. */
export const describeConfigsHandler = defineHandler<DescribeConfigsRequest, DescribeConfigsResponseInit>({
  apiKey: 32,
  name: "DescribeConfigs",
  minVersion: 0,
  maxVersion: 4,
  decode: decodeDescribeConfigsRequest,
  encode: encodeDescribeConfigsResponse,
  handle(request, info, context) {
    const version = info.apiVersion;
    const results: DescribeConfigsResponseDescribeConfigsResultInit[] = request.resources.map((r) => {
      const base = { resourceType: r.resourceType, resourceName: r.resourceName };
      const fail = (errorCode: number, message: string) => ({ ...base, errorCode, errorMessage: message, configs: [] });
      if (r.resourceType === BROKER) {
        if (r.resourceName !== "" && r.resourceName !== String(context.nodeId)) return fail(ErrorCode.INVALID_REQUEST, `unknown broker ${r.resourceName}`);
        return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs: [] };
      }
      if (r.resourceType !== TOPIC) return fail(ErrorCode.INVALID_REQUEST, `unsupported resource type ${r.resourceType}`);
      if (!mayTopic(context.auth, info.session, "describeConfigs", r.resourceName)) return fail(ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Topic authorization failed.");
      const meta = context.log.getTopic(r.resourceName);
      if (!meta) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${r.resourceName}`);
      const keys = r.configurationKeys;
      const configs = describeTopicConfig(meta.config, context.topicDefaults)
        .filter((c) => keys === null || keys.length === 0 || keys.includes(c.name))
        .map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: false,
          ...(version === 0 ? { isDefault: !c.isOverride } : { configSource: c.isOverride ? ConfigSource.dynamicTopic : ConfigSource.default }),
          isSensitive: false,
          synonyms: [],
          configType: c.type,
          documentation: null,
        }));
      return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs };
    });
    return { throttleTimeMs: 0, results };
  },
});
