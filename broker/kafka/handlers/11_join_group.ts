/**
 * JoinGroup (key 11), v0-9: the classic group protocol's first phase, served by the group
 * coordinator; the response is sent when the join phase completes (all known members rejoined
 * or the rebalance timeout passed), so this handler awaits a promise.
 *
 * v0 has no rebalance timeout (the session timeout stands in, as in Kafka). v4+: a first join
 * without member id gets MEMBER_ID_REQUIRED and an id to come back with (KIP-394). v5+: static
 * members by group.instance.id (KIP-345). v6+ flexible. v7+ returns the protocol type. v8 adds a
 * reason (logged). v9 tells a returning static leader to skip assignment (KIP-814). Protocol
 * names are nullable only from v7, so older versions get "" when none was selected.
 *
 * Authorization: GROUP READ on the group (GROUP_AUTHORIZATION_FAILED), and READ on every topic
 * a "consumer" subscription names (TOPIC_AUTHORIZATION_FAILED, no membership; see
 * `_group_topics.ts`).
 */
import { mayGroup } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeJoinGroupRequest, type JoinGroupRequest } from "../protocol/generated/join_group_request.ts";
import { encodeJoinGroupResponse, type JoinGroupResponseInit } from "../protocol/generated/join_group_response.ts";
import { defineHandler } from "../registry.ts";
import { unreadableSubscriptions } from "./_group_topics.ts";

/** The JoinGroup handler; see the module comment for versions and behaviour. */
export const joinGroupHandler = defineHandler<JoinGroupRequest, JoinGroupResponseInit>({
  apiKey: 11,
  name: "JoinGroup",
  minVersion: 0,
  maxVersion: 9,
  decode: decodeJoinGroupRequest,
  encode: encodeJoinGroupResponse,
  async handle(request, info, context) {
    const version = info.apiVersion;
    const groupDenied = !mayGroup(context.auth, info.session, "read", request.groupId);
    const unreadable = groupDenied ? [] : unreadableSubscriptions(context.auth, info.session, request.protocolType, request.protocols);
    if (unreadable.length > 0) {
      context.logger.warn("join group refused: topics not readable", { group: request.groupId, topics: unreadable, clientHost: info.clientHost });
    }
    if (groupDenied || unreadable.length > 0) {
      return {
        throttleTimeMs: 0,
        errorCode: groupDenied ? ErrorCode.GROUP_AUTHORIZATION_FAILED : ErrorCode.TOPIC_AUTHORIZATION_FAILED,
        generationId: -1,
        protocolType: null,
        protocolName: version >= 7 ? null : "",
        leader: "",
        skipAssignment: false,
        memberId: request.memberId,
        members: [],
      };
    }
    if (request.reason) context.logger.debug("join group", { group: request.groupId, reason: request.reason });
    const result = await context.groups.joinGroup({
      groupId: request.groupId,
      memberId: request.memberId,
      groupInstanceId: version >= 5 ? request.groupInstanceId : null,
      clientId: info.clientId,
      clientHost: info.clientHost,
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: version >= 1 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols,
      requireKnownMemberId: version >= 4,
    });
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      generationId: result.generationId,
      protocolType: result.protocolType,
      protocolName: version >= 7 ? result.protocolName : (result.protocolName ?? ""),
      leader: result.leader,
      skipAssignment: version === 9 && result.skipAssignment,
      memberId: result.memberId,
      members: result.members,
    };
  },
});
