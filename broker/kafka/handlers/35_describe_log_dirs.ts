/**
 * DescribeLogDirs (key 35), v0-4 (KIP-113; v2 flexible, v3 top-level error code, v4 total and
 * usable bytes — KIP-827). The data directory is the broker's one log dir; each partition's
 * size is the sum of its segment files (`LogDirs.partitionSize`). `topics: null` describes
 * every topic, internal ones included, as Kafka does; unknown topics and partitions are left
 * out. Offset lag is 0 (no replica movement) and there are no future replicas. Topics the
 * principal may not DESCRIBE are left out.
 */
import { mayTopic } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeDescribeLogDirsRequest, type DescribeLogDirsRequest } from "../protocol/generated/describe_log_dirs_request.ts";
import {
  type DescribeLogDirsResponseDescribeLogDirsTopicInit,
  type DescribeLogDirsResponseInit,
  encodeDescribeLogDirsResponse,
} from "../protocol/generated/describe_log_dirs_response.ts";
import { defineHandler } from "../registry.ts";

/** The DescribeLogDirs handler; see the module comment for versions and behaviour. */
export const describeLogDirsHandler = defineHandler<DescribeLogDirsRequest, DescribeLogDirsResponseInit>({
  apiKey: 35,
  name: "DescribeLogDirs",
  minVersion: 0,
  maxVersion: 4,
  decode: decodeDescribeLogDirsRequest,
  encode: encodeDescribeLogDirsResponse,
  async handle(request, info, context) {
    const dirs = context.logDirs;
    const wanted = request.topics === null
      ? context.log.listTopics({ includeInternal: true }).map((t) => ({ topic: t.name, partitions: Array.from({ length: t.partitions }, (_, i) => i) }))
      : request.topics;
    const topics: DescribeLogDirsResponseDescribeLogDirsTopicInit[] = [];
    for (const want of wanted) {
      const meta = context.log.getTopic(want.topic);
      if (!meta || !mayTopic(context.auth, info.session, "describe", meta.name)) continue;
      const partitions = [];
      for (const partitionIndex of new Set(want.partitions)) {
        if (partitionIndex < 0 || partitionIndex >= meta.partitions) continue;
        const size = await dirs.partitionSize(meta.name, partitionIndex);
        if (size === undefined) continue;
        partitions.push({ partitionIndex, partitionSize: BigInt(size), offsetLag: 0n, isFutureKey: false });
      }
      if (partitions.length > 0) topics.push({ name: meta.name, partitions });
    }
    const space = info.apiVersion >= 4 ? await dirs.space() : null;
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      results: [{
        errorCode: ErrorCode.NONE,
        logDir: dirs.path,
        topics,
        // -1: unknown, as Kafka answers when it cannot tell.
        totalBytes: space ? BigInt(space.total) : -1n,
        usableBytes: space ? BigInt(space.usable) : -1n,
      }],
    };
  },
});
