/**
 * LeaveGroup (key 13), v0-5. v0-2 remove one member by id and answer with its error at the
 * top level. v3+ remove a batch of members, static ones by group.instance.id with an empty
 * member id (KIP-345), and answer per member. v4+ flexible; v5 adds a reason (logged).
 * The group rebalances without the leavers.
 */
import { mayGroup } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeLeaveGroupRequest, type LeaveGroupRequest } from "../protocol/generated/leave_group_request.ts";
import { encodeLeaveGroupResponse, type LeaveGroupResponseInit } from "../protocol/generated/leave_group_response.ts";
import { defineHandler } from "../registry.ts";

/** The LeaveGroup handler; see the module comment for versions and behaviour. */
export const leaveGroupHandler = defineHandler<LeaveGroupRequest, LeaveGroupResponseInit>({
  apiKey: 13,
  name: "LeaveGroup",
  minVersion: 0,
  maxVersion: 5,
  decode: decodeLeaveGroupRequest,
  encode: encodeLeaveGroupResponse,
  handle(request, info, context) {
    if (!mayGroup(context.auth, info.session, "read", request.groupId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, members: [] };
    }
    if (info.apiVersion < 3) {
      const result = context.groups.leaveGroup(request.groupId, [{ memberId: request.memberId, groupInstanceId: null }]);
      const errorCode = result.errorCode !== ErrorCode.NONE ? result.errorCode : (result.members[0]?.errorCode ?? ErrorCode.NONE);
      return { throttleTimeMs: 0, errorCode };
    }
    for (const m of request.members) {
      if (m.reason) context.logger.debug("leave group", { group: request.groupId, member: m.memberId, reason: m.reason });
    }
    const result = context.groups.leaveGroup(
      request.groupId,
      request.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId })),
    );
    return { throttleTimeMs: 0, errorCode: result.errorCode, members: result.members };
  },
});
