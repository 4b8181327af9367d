/**
 * DeleteGroups (key 42), v0-2. Deletes Empty groups and their committed offsets (tombstones
 * in `__consumer_offsets`); a group with members gets NON_EMPTY_GROUP, an unknown one
 * GROUP_ID_NOT_FOUND — per group. v2 flexible.
 */
import { mayGroup } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeDeleteGroupsRequest, type DeleteGroupsRequest } from "../protocol/generated/delete_groups_request.ts";
import { type DeleteGroupsResponseInit, encodeDeleteGroupsResponse } from "../protocol/generated/delete_groups_response.ts";
import { defineHandler } from "../registry.ts";

/** The DeleteGroups handler; see the module comment for versions and behaviour. */
export const deleteGroupsHandler = defineHandler<DeleteGroupsRequest, DeleteGroupsResponseInit>({
  apiKey: 42,
  name: "DeleteGroups",
  minVersion: 0,
  maxVersion: 2,
  decode: decodeDeleteGroupsRequest,
  encode: encodeDeleteGroupsResponse,
  async handle(request, info, context) {
    const allowed = request.groupsNames.filter((g) => mayGroup(context.auth, info.session, "delete", g));
    const done = new Map((await context.groups.deleteGroups(allowed)).map((r) => [r.groupId, r]));
    const results = request.groupsNames.map((groupId) => done.get(groupId) ?? { groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED });
    return { throttleTimeMs: 0, results };
  },
});
