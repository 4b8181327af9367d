/**
 * Records of the internal `__consumer_offsets` topic, in Kafka's own binary layout so the
 * topic reads the same as a Kafka broker's (`OffsetCommitKey`/`OffsetCommitValue`,
 * `GroupMetadataKey`/`GroupMetadataValue` in `group-coordinator/src/main/resources/common/message`).
 *
 * Keys: int16 version (1 = offset commit, 2 = group metadata), then group string, and for
 * offsets topic string and int32 partition. Offset value v3: int64 offset, int32 leader epoch,
 * string metadata, int64 commit timestamp. Group value v3: protocol type, int32 generation,
 * nullable protocol, nullable leader, int64 state timestamp, members (we write none: members
 * are not restored; they rejoin). A null value is a tombstone (deletion, kept by compaction
 * until it is cleaned).
 *
 * @module
 */

/** A committed offset as stored. */
export interface CommittedOffset {
  offset: number;
  /** -1 when the client gave none (OffsetCommit < v6). */
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
}

/** The group-level record: enough to list the group and keep generations increasing. */
export interface StoredGroupMetadata {
  protocolType: string;
  generationId: number;
  protocolName: string | null;
  leaderId: string | null;
  stateTimestamp: number;
}

/** A decoded `__consumer_offsets` key. */
export type OffsetsKey =
  | { kind: "offset"; group: string; topic: string; partition: number }
  | { kind: "group"; group: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

class Out {
  parts: number[] = [];
  int16(v: number) {
    this.parts.push((v >> 8) & 0xff, v & 0xff);
  }
  int32(v: number) {
    this.parts.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
  int64(v: number) {
    const hi = Math.floor(v / 4294967296);
    this.int32(hi | 0);
    this.int32((v - hi * 4294967296) >>> 0);
  }
  string(s: string | null) {
    if (s === null) return this.int16(-1);
    const b = encoder.encode(s);
    this.int16(b.length);
    for (const x of b) this.parts.push(x);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

class In {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}
  need(n: number) {
    if (this.pos + n > this.b.length) throw new RangeError("__consumer_offsets record truncated");
  }
  int16(): number {
    this.need(2);
    const v = ((this.b[this.pos] as number) << 24 >> 16) | (this.b[this.pos + 1] as number);
    this.pos += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const b = this.b;
    const p = this.pos;
    this.pos += 4;
    return ((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number);
  }
  int64(): number {
    const hi = this.int32();
    return hi * 4294967296 + (this.int32() >>> 0);
  }
  string(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    this.need(n);
    const s = decoder.decode(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
}

/** Key of an offset commit record (key version 1). */
export function encodeOffsetKey(group: string, topic: string, partition: number): Uint8Array {
  const o = new Out();
  o.int16(1);
  o.string(group);
  o.string(topic);
  o.int32(partition);
  return o.bytes();
}

/** Key of a group metadata record (key version 2). */
export function encodeGroupKey(group: string): Uint8Array {
  const o = new Out();
  o.int16(2);
  o.string(group);
  return o.bytes();
}

/** Decode either key kind; `null` for versions this broker does not write or read. */
export function decodeKey(bytes: Uint8Array): OffsetsKey | null {
  const r = new In(bytes);
  const version = r.int16();
  if (version === 0 || version === 1) {
    const group = r.string() ?? "";
    const topic = r.string() ?? "";
    return { kind: "offset", group, topic, partition: r.int32() };
  }
  if (version === 2) return { kind: "group", group: r.string() ?? "" };
  return null;
}

/** Offset commit value, version 3. */
export function encodeOffsetValue(value: CommittedOffset): Uint8Array {
  const o = new Out();
  o.int16(3);
  o.int64(value.offset);
  o.int32(value.leaderEpoch);
  o.string(value.metadata);
  o.int64(value.commitTimestamp);
  return o.bytes();
}

/** Decode offset commit values v0-v3 (v1 carries an expire timestamp, v2 none, v3 a leader epoch). */
export function decodeOffsetValue(bytes: Uint8Array): CommittedOffset {
  const r = new In(bytes);
  const version = r.int16();
  const offset = r.int64();
  const leaderEpoch = version >= 3 ? r.int32() : -1;
  const metadata = r.string() ?? "";
  const commitTimestamp = r.int64();
  return { offset, leaderEpoch, metadata, commitTimestamp };
}

/** Group metadata value, version 3, with an empty member list. */
export function encodeGroupValue(value: StoredGroupMetadata): Uint8Array {
  const o = new Out();
  o.int16(3);
  o.string(value.protocolType);
  o.int32(value.generationId);
  o.string(value.protocolName);
  o.string(value.leaderId);
  o.int64(value.stateTimestamp);
  o.int32(0);
  return o.bytes();
}

/** Decode the group-level fields of a group metadata value (v0-v3); members are skipped. */
export function decodeGroupValue(bytes: Uint8Array): StoredGroupMetadata {
  const r = new In(bytes);
  const version = r.int16();
  const protocolType = r.string() ?? "";
  const generationId = r.int32();
  const protocolName = r.string();
  const leaderId = r.string();
  const stateTimestamp = version >= 2 ? r.int64() : -1;
  return { protocolType, generationId, protocolName, leaderId, stateTimestamp };
}
