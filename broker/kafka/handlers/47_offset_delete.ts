/**
 * OffsetDelete (key 47), v0 (KIP-496). Deletes committed offsets of a group: refused with
 * GROUP_SUBSCRIBED_TO_TOPIC per partition while an active "consumer" group subscribes to the
 * topic, NON_EMPTY_GROUP for active groups of other protocol types, GROUP_ID_NOT_FOUND for
 * unknown groups.
 */
import { mayGroup } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { deleteOffsets } from "../groups/offset_ops.ts";
import { decodeOffsetDeleteRequest, type OffsetDeleteRequest } from "../protocol/generated/offset_delete_request.ts";
import { encodeOffsetDeleteResponse, type OffsetDeleteResponseInit } from "../protocol/generated/offset_delete_response.ts";
import { defineHandler } from "../registry.ts";

/** The OffsetDelete handler; see the module comment for versions and behaviour. */
export const offsetDeleteHandler = defineHandler<OffsetDeleteRequest, OffsetDeleteResponseInit>({
  apiKey: 47,
  name: "OffsetDelete",
  minVersion: 0,
  maxVersion: 0,
  decode: decodeOffsetDeleteRequest,
  encode: encodeOffsetDeleteResponse,
  async handle(request, info, context) {
    if (!mayGroup(context.auth, info.session, "delete", request.groupId)) {
      return { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, throttleTimeMs: 0, topics: [] };
    }
    const result = await deleteOffsets(
      context.groups,
      request.groupId,
      request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => p.partitionIndex) })),
    );
    const topics = request.topics.map((t) => ({
      name: t.name,
      partitions: result.partitions.filter((p) => p.topic === t.name).map((p) => ({ partitionIndex: p.partition, errorCode: p.errorCode })),
    }));
    return { errorCode: result.errorCode, throttleTimeMs: 0, topics: result.partitions.length ? topics : [] };
  },
});
