/**
 * ListGroups (key 16), v0-5. Every group the coordinator knows, including groups that only
 * have committed offsets (state Empty). v3+ flexible; v4+ filter by state and report it
 * (KIP-518); v5+ filter by type and report it — every group here is "classic" (KIP-848).
 */
import { mayGroup } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeListGroupsRequest, type ListGroupsRequest } from "../protocol/generated/list_groups_request.ts";
import { encodeListGroupsResponse, type ListGroupsResponseInit } from "../protocol/generated/list_groups_response.ts";
import { defineHandler } from "../registry.ts";

/** The ListGroups handler; see the module comment for versions and behaviour. */
export const listGroupsHandler = defineHandler<ListGroupsRequest, ListGroupsResponseInit>({
  apiKey: 16,
  name: "ListGroups",
  minVersion: 0,
  maxVersion: 5,
  decode: decodeListGroupsRequest,
  encode: encodeListGroupsResponse,
  handle(request, info, context) {
    // Only the groups the principal may DESCRIBE are listed, as Kafka does.
    const groups = context.groups
      .listGroups({ states: request.statesFilter, types: request.typesFilter })
      .filter((g) => mayGroup(context.auth, info.session, "describe", g.groupId))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state, groupType: "classic" }));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
  },
});
