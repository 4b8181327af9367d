/**
 * Heartbeat (key 12), v0-4. Keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to
 * rejoin, ILLEGAL_GENERATION that it missed a generation, UNKNOWN_MEMBER_ID that it was
 * removed (session expiry, leave), FENCED_INSTANCE_ID that another process took its static
 * identity (v3+, KIP-345). v4+ flexible.
 */
import { mayGroup } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeHeartbeatRequest, type HeartbeatRequest } from "../protocol/generated/heartbeat_request.ts";
import { encodeHeartbeatResponse, type HeartbeatResponseInit } from "../protocol/generated/heartbeat_response.ts";
import { defineHandler } from "../registry.ts";

/** The Heartbeat handler; see the module comment for versions and behaviour. */
export const heartbeatHandler = defineHandler<HeartbeatRequest, HeartbeatResponseInit>({
  apiKey: 12,
  name: "Heartbeat",
  minVersion: 0,
  maxVersion: 4,
  decode: decodeHeartbeatRequest,
  encode: encodeHeartbeatResponse,
  handle(request, info, context) {
    if (!mayGroup(context.auth, info.session, "read", request.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    const errorCode = context.groups.heartbeat({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: info.apiVersion >= 3 ? request.groupInstanceId : null,
    });
    return { throttleTimeMs: 0, errorCode };
  },
});
