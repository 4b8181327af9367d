/**
 * API version negotiation: for each API the client uses, the highest version both sides speak
 * (what librdkafka and franz-go do after ApiVersions). The client's ranges are narrower than
 * the generated codecs' where the newer versions change what the caller must supply:
 * Produce from v3 (RecordBatch v2, KIP-98) and Fetch from v4 up to v12 (v13+ names topics by
 * id only, KIP-516).
 *
 * @module
 */
import { ApiKey } from "../../broker/kafka/protocol/generated/api_keys.ts";
import type { ApiVersionsResponse } from "../../broker/kafka/protocol/generated/api_versions_response.ts";
import { UnsupportedApiError } from "./errors.ts";

/** The APIs this client sends and the versions it implements. */
export const CLIENT_API_RANGES: ReadonlyMap<number, { name: string; min: number; max: number }> = new Map([
  [ApiKey.Produce, { name: "Produce", min: 3, max: 11 }],
  [ApiKey.Fetch, { name: "Fetch", min: 4, max: 12 }],
  [ApiKey.ListOffsets, { name: "ListOffsets", min: 1, max: 10 }],
  [ApiKey.Metadata, { name: "Metadata", min: 1, max: 12 }],
  [ApiKey.SaslHandshake, { name: "SaslHandshake", min: 1, max: 1 }],
  [ApiKey.ApiVersions, { name: "ApiVersions", min: 0, max: 4 }],
  [ApiKey.CreateTopics, { name: "CreateTopics", min: 2, max: 7 }],
  [ApiKey.InitProducerId, { name: "InitProducerId", min: 0, max: 5 }],
  [ApiKey.SaslAuthenticate, { name: "SaslAuthenticate", min: 0, max: 2 }],
]);

/** The negotiated version of each API a broker and this client share. */
export class ApiVersionTable {
  readonly #chosen = new Map<number, number>();
  readonly #broker = new Map<number, { min: number; max: number }>();

  /** Build from a broker's ApiVersions answer. */
  constructor(response: Pick<ApiVersionsResponse, "apiKeys">) {
    for (const k of response.apiKeys) this.#broker.set(k.apiKey, { min: k.minVersion, max: k.maxVersion });
    for (const [key, ours] of CLIENT_API_RANGES) {
      const theirs = this.#broker.get(key);
      if (!theirs) continue;
      const version = Math.min(ours.max, theirs.max);
      if (version >= Math.max(ours.min, theirs.min)) this.#chosen.set(key, version);
    }
  }

  /** The version to send for `apiKey`; throws {@link UnsupportedApiError} when there is none. */
  version(apiKey: number): number {
    const v = this.#chosen.get(apiKey);
    if (v !== undefined) return v;
    const ours = CLIENT_API_RANGES.get(apiKey) ?? { name: `api ${apiKey}`, min: 0, max: -1 };
    throw new UnsupportedApiError(ours.name, this.#broker.get(apiKey) ?? null, ours);
  }

  /** Whether the broker offers a usable version of `apiKey`. */
  has(apiKey: number): boolean {
    return this.#chosen.has(apiKey);
  }
}
