/**
 * SyncGroup (key 14), v0-5: the classic protocol's second phase. The leader sends every
 * member's assignment; followers' requests wait (a promise) until it arrives, then each gets
 * its own. v3+ static members (KIP-345); v4+ flexible; v5+ protocol type and name in both
 * directions, checked against the group (INCONSISTENT_GROUP_PROTOCOL on mismatch).
 *
 * Authorization: GROUP READ (GROUP_AUTHORIZATION_FAILED); a "consumer" assignment naming a
 * topic this member may not READ is withheld with TOPIC_AUTHORIZATION_FAILED (`_group_topics.ts`).
 */
import { mayGroup } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeSyncGroupRequest, type SyncGroupRequest } from "../protocol/generated/sync_group_request.ts";
import { encodeSyncGroupResponse, type SyncGroupResponseInit } from "../protocol/generated/sync_group_response.ts";
import { defineHandler } from "../registry.ts";
import { unreadableAssignment } from "./_group_topics.ts";

/** The SyncGroup handler; see the module comment for versions and behaviour. */
export const syncGroupHandler = defineHandler<SyncGroupRequest, SyncGroupResponseInit>({
  apiKey: 14,
  name: "SyncGroup",
  minVersion: 0,
  maxVersion: 5,
  decode: decodeSyncGroupRequest,
  encode: encodeSyncGroupResponse,
  async handle(request, info, context) {
    const version = info.apiVersion;
    if (!mayGroup(context.auth, info.session, "read", request.groupId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, protocolType: null, protocolName: null, assignment: new Uint8Array() };
    }
    const result = await context.groups.syncGroup({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: version >= 3 ? request.groupInstanceId : null,
      protocolType: version >= 5 ? request.protocolType : null,
      protocolName: version >= 5 ? request.protocolName : null,
      assignments: request.assignments,
    });
    const unreadable = unreadableAssignment(context.auth, info.session, result.protocolType, result.assignment);
    if (unreadable.length > 0) {
      context.logger.warn("sync group: assignment withheld, topics not readable", { group: request.groupId, topics: unreadable, clientHost: info.clientHost });
      return { throttleTimeMs: 0, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, protocolType: result.protocolType, protocolName: result.protocolName, assignment: new Uint8Array() };
    }
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      protocolType: result.protocolType,
      protocolName: result.protocolName,
      assignment: result.assignment,
    };
  },
});
