/**
 * FindCoordinator (key 10), v0-6. This broker coordinates every group and every
 * transactional id, so the answer is always node 0 at the advertised address. v0-3 ask for one
 * key (v1+ with a key type: 0 group, 1 transaction); v4+ ask for a batch of keys (KIP-699) and
 * get one entry each. Key type 2 (share groups, v6) is answered the same way.
 */
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
    if (info.apiVersion >= 4) {
      return {
        throttleTimeMs: 0,
        coordinators: request.coordinatorKeys.map((key) => ({ key, ...self, errorCode: ErrorCode.NONE, errorMessage: null })),
      };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, ...self };
  },
});
