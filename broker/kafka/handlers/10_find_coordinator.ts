/**
 * FindCoordinator (key 10), v0-6. This broker coordinates every group and every
 * transactional id, so the answer is always node 0 at the advertised address. v0-3 ask for one
 * key (v1+ with a key type: 0 group, 1 transaction); v4+ ask for a batch of keys (KIP-699) and
 * get one entry each. Key type 2 (share groups, v6) is answered the same way.
 */
import { mayGroup } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeFindCoordinatorRequest, type FindCoordinatorRequest } from "../protocol/generated/find_coordinator_request.ts";
import { encodeFindCoordinatorResponse, type FindCoordinatorResponseInit } from "../protocol/generated/find_coordinator_response.ts";
import { defineHandler } from "../registry.ts";

/** The FindCoordinator handler; see the module comment for versions and behaviour. */
export const findCoordinatorHandler = defineHandler<FindCoordinatorRequest, FindCoordinatorResponseInit>({
  apiKey: 10,
  name: "FindCoordinator",
  minVersion: 0,
  maxVersion: 6,
  decode: decodeFindCoordinatorRequest,
  encode: encodeFindCoordinatorResponse,
  handle(request, info, context) {
    const self = { nodeId: context.nodeId, host: context.advertisedHost, port: context.advertisedPort };
    // keyType 0 = group (DESCRIBE on it); 1 = transaction (not supported, no check here).
    const denied = (key: string) => request.keyType === 0 && !mayGroup(context.auth, info.session, "describe", key);
    const none = { nodeId: -1, host: "", port: -1 };
    if (info.apiVersion >= 4) {
      return {
        throttleTimeMs: 0,
        coordinators: request.coordinatorKeys.map((key) =>
          denied(key)
            ? { key, ...none, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, errorMessage: "Group authorization failed." }
            : { key, ...self, errorCode: ErrorCode.NONE, errorMessage: null }
        ),
      };
    }
    if (denied(request.key)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, errorMessage: "Group authorization failed.", ...none };
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, ...self };
  },
});
