/**
 * DescribeGroups (key 15), v0-5. State, protocol type, selected protocol and members of each
 * group; member metadata and assignments only while the group is Stable (as Kafka does). An
 * unknown group is described as "Dead" with no error (the pre-v6 convention). v3+ authorized
 * operations are "not provided"; v4+ carry group.instance.id; v5 flexible.
 */
import { mayGroup } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeDescribeGroupsRequest, type DescribeGroupsRequest } from "../protocol/generated/describe_groups_request.ts";
import { type DescribeGroupsResponseInit, encodeDescribeGroupsResponse } from "../protocol/generated/describe_groups_response.ts";
import { defineHandler } from "../registry.ts";

/** The DescribeGroups handler; see the module comment for versions and behaviour. */
export const describeGroupsHandler = defineHandler<DescribeGroupsRequest, DescribeGroupsResponseInit>({
  apiKey: 15,
  name: "DescribeGroups",
  minVersion: 0,
  maxVersion: 5,
  decode: decodeDescribeGroupsRequest,
  encode: encodeDescribeGroupsResponse,
  handle(request, info, context) {
    const groups = request.groups.map((groupId) => {
      if (!mayGroup(context.auth, info.session, "describe", groupId)) {
        return { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, groupId, groupState: "", protocolType: "", protocolData: "", members: [] };
      }
      const g = groupId === "" ? null : context.groups.describeGroup(groupId);
      if (!g) {
        return { errorCode: ErrorCode.INVALID_GROUP_ID, groupId, groupState: "", protocolType: "", protocolData: "", members: [] };
      }
      return {
        errorCode: ErrorCode.NONE,
        groupId,
        groupState: g.state,
        protocolType: g.protocolType,
        protocolData: g.protocolName,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          memberMetadata: m.metadata,
          memberAssignment: m.assignment,
        })),
        authorizedOperations: -2147483648,
      };
    });
    return { throttleTimeMs: 0, groups };
  },
});
