import { expect, test } from "bun:test";
import { ErrorCode, errorForCode, isRetriable, kafkaErrors } from "../../broker/kafka/errors.ts";

test("the table covers every code from -1 to 129 exactly once", () => {
  const codes = kafkaErrors.map((e) => e.code);
  expect(new Set(codes).size).toBe(codes.length);
  for (let code = -1; code <= 129; code++) expect(codes).toContain(code);
});

test("names are unique upper snake case and map back to their codes", () => {
  const names = kafkaErrors.map((e) => e.name);
  expect(new Set(names).size).toBe(names.length);
  for (const e of kafkaErrors) {
    expect(e.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(ErrorCode[e.name as keyof typeof ErrorCode]).toBe(e.code);
    if (e.code !== 0) expect(e.description.length).toBeGreaterThan(0);
  }
});

test("well-known codes match Kafka's Errors.java", () => {
  expect(ErrorCode.NONE).toBe(0);
  expect(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).toBe(3);
  expect(ErrorCode.REBALANCE_IN_PROGRESS).toBe(27);
  expect(ErrorCode.UNSUPPORTED_VERSION).toBe(35);
  expect(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER).toBe(45);
  expect(ErrorCode.UNKNOWN_PRODUCER_ID).toBe(59);
  expect(ErrorCode.NON_EMPTY_GROUP).toBe(68);
  expect(ErrorCode.MEMBER_ID_REQUIRED).toBe(79);
  expect(ErrorCode.FENCED_INSTANCE_ID).toBe(82);
  expect(ErrorCode.PRODUCER_FENCED).toBe(90);
  expect(ErrorCode.TRANSACTION_ABORTABLE).toBe(120);
});

test("retriability follows RetriableException", () => {
  expect(isRetriable(ErrorCode.NOT_COORDINATOR)).toBe(true);
  expect(isRetriable(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS)).toBe(true);
  expect(isRetriable(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)).toBe(true);
  expect(isRetriable(ErrorCode.REBALANCE_IN_PROGRESS)).toBe(false);
  expect(isRetriable(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER)).toBe(false);
  expect(isRetriable(9999)).toBe(false);
});

test("unknown codes map to UNKNOWN_SERVER_ERROR", () => {
  expect(errorForCode(31000).name).toBe("UNKNOWN_SERVER_ERROR");
  expect(errorForCode(22).name).toBe("ILLEGAL_GENERATION");
});
