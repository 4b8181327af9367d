/**
 * InitProducerId (key 22), v0-5. For idempotent producers (no transactional id) every call
 * returns a fresh producer id with epoch 0 — also in v3+ when the client sends its current id
 * and epoch (KIP-360), as Kafka does without a transactional id. Ids come from a block
 * persisted before use, so a restart never hands one out twice. Transactions are not
 * supported: a transactional id gets TRANSACTIONAL_ID_AUTHORIZATION_FAILED. v2+ flexible.
 */
import { ErrorCode } from "../errors.ts";
import { decodeInitProducerIdRequest, type InitProducerIdRequest } from "../protocol/generated/init_producer_id_request.ts";
import { encodeInitProducerIdResponse, type InitProducerIdResponseInit } from "../protocol/generated/init_producer_id_response.ts";
import { defineHandler } from "../registry.ts";
import { big } from "./_common.ts";

/** The InitProducerId handler; see the module comment for versions and behaviour. */
export const initProducerIdHandler = defineHandler<InitProducerIdRequest, InitProducerIdResponseInit>({
  apiKey: 22,
  name: "InitProducerId",
  minVersion: 0,
  maxVersion: 5,
  decode: decodeInitProducerIdRequest,
  encode: encodeInitProducerIdResponse,
  async handle(request, _info, context) {
    if (request.transactionalId !== null) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1n, producerEpoch: -1 };
    }
    try {
      const producerId = await context.nextProducerId();
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: big(producerId), producerEpoch: 0 };
    } catch (error) {
      context.logger.error("producer id allocation failed", { error: String(error) });
      return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1n, producerEpoch: -1 };
    }
  },
});
