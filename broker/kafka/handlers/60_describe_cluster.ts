/**
 * DescribeCluster (key 60), v0-1 (KIP-700): the cluster id, node 0 as controller and only
 * broker, at the advertised address. v1 echoes the endpoint type (1 = brokers); asking for
 * controllers (2) gets MISMATCHED_ENDPOINT_TYPE as there is no separate controller listener.
 */
import { ErrorCode } from "../errors.ts";
import { type DescribeClusterRequest, decodeDescribeClusterRequest } from "../protocol/generated/describe_cluster_request.ts";
import { type DescribeClusterResponseInit, encodeDescribeClusterResponse } from "../protocol/generated/describe_cluster_response.ts";
import { defineHandler } from "../registry.ts";

/** The DescribeCluster handler; see the module comment for versions and behaviour. */
export const describeClusterHandler = defineHandler<DescribeClusterRequest, DescribeClusterResponseInit>({
  apiKey: 60,
  name: "DescribeCluster",
  minVersion: 0,
  maxVersion: 1,
  decode: decodeDescribeClusterRequest,
  encode: encodeDescribeClusterResponse,
  handle(request, info, context) {
    const endpointType = info.apiVersion >= 1 ? request.endpointType : 1;
    return {
      throttleTimeMs: 0,
      errorCode: endpointType === 1 ? ErrorCode.NONE : ErrorCode.MISMATCHED_ENDPOINT_TYPE,
      errorMessage: null,
      endpointType: 1,
      clusterId: context.clusterId,
      controllerId: context.nodeId,
      brokers: [{ brokerId: context.nodeId, host: context.advertisedHost, port: context.advertisedPort, rack: null }],
      clusterAuthorizedOperations: -2147483648,
    };
  },
});
