/**
 * Kafka's topic name rules (`org.apache.kafka.common.internals.Topic`): 1–249 characters of
 * [a-zA-Z0-9._-], and not "." or "..". 249 leaves room for the "-<partition>" directory suffix
 * inside a 255-byte file name.
 *
 * @module
 */

import { InvalidTopicError } from "../log/errors.ts";

/** Longest legal topic name. */
export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/**
 * Throw {@link InvalidTopicError} saying what was expected when `name` is not a legal topic.
 *
 * @example
 * ```ts
 * validateTopicName("sensor-temp"); // ok
 * validateTopicName("a/b"); // throws InvalidTopicError
 * ```
 */
export function validateTopicName(name: string): void {
  if (name.length === 0) throw new InvalidTopicError("topic name is empty; expected 1-249 characters of [a-zA-Z0-9._-]");
  if (name === "." || name === "..") throw new InvalidTopicError(`topic name "${name}" is not allowed`);
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    throw new InvalidTopicError(`topic name is ${name.length} characters; expected at most ${MAX_TOPIC_NAME_LENGTH}`);
  }
  if (!LEGAL.test(name)) {
    throw new InvalidTopicError(`topic name "${name}" has illegal characters; expected only [a-zA-Z0-9._-]`);
  }
}

/** Directory of one partition: `<dataDir>/<topic>-<partition>`, Kafka's layout. */
export function partitionDirName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Split a partition directory name back into topic and partition, or undefined. */
export function parsePartitionDirName(name: string): { topic: string; partition: number } | undefined {
  const m = /^(.+)-(\d+)$/.exec(name);
  if (!m) return undefined;
  return { topic: m[1]!, partition: Number(m[2]) };
}
