/**
 * Topic metadata persisted in one JSON file under the data directory (`topics.json`), replaced
 * atomically (tmp → datasync → rename → fsync dir) on every change, so a crash leaves either
 * the old or the new set of topics. Kafka keeps this in ZooKeeper/KRaft; one file suffices for
 * a single node.
 *
 * After a power cut an SD card may still show the file torn or empty (it acknowledged a flush it
 * never made). The replaced version is kept as `topics.json.prev` and read instead; either way
 * every partition directory holding log files is checked against the metadata, and a topic or
 * partition missing from it is added back (defaults; `__` names compacted and internal) — so a
 * fallback never makes start-up treat newer topics' data as orphans to delete. Each repair is
 * logged as a warning and written back.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import { readStateFile, writeFileAtomic } from "../runtime/atomic.ts";
import type { FileSystem } from "../runtime/types.ts";
import type { TopicConfig, TopicMetadata } from "../log/types.ts";
import { parsePartitionDirName } from "./topic_name.ts";

/** File name of the metadata under the data dir. */
export const TOPICS_FILE = "topics.json";

interface StoredTopic {
  name: string;
  id: string;
  partitions: number;
  config: TopicConfig;
  internal: boolean;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function unhex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** A new topic id: 16 random bytes (Kafka's Uuid, never all zero). */
export function newTopicId(): Uint8Array {
  const id = new Uint8Array(16);
  do crypto.getRandomValues(id); while (id.every((b) => b === 0));
  return id;
}

/**
 * Load the topics, or `null` when the file does not exist (a new data dir). Stored configs are
 * merged over `defaults`, so keys added in later versions get their default. A torn file is
 * repaired as the module comment says, with a warning on `logger`.
 */
export async function loadTopics(fs: FileSystem, dataDir: string, defaults: TopicConfig, logger?: Logger): Promise<TopicMetadata[] | null> {
  const path = `${dataDir}/${TOPICS_FILE}`;
  const read = await readStateFile(fs, path, decodeTopics);
  const topics = (read.value ?? []).map((t) => ({
    name: t.name,
    id: unhex(t.id),
    partitions: t.partitions,
    config: { ...defaults, ...t.config },
    internal: t.internal,
  }));
  if (read.source === "current") return topics;
  const added = await addTopicsFromDirectories(fs, dataDir, topics, defaults);
  if (read.problems.length === 0 && added.length === 0) return null; // a new data dir
  const what = read.source === "previous" ? "damaged: using the previous version" : read.problems.length > 0 ? "unreadable: rebuilt from the partition directories" : "missing: rebuilt from the partition directories";
  logger?.warn(`topic metadata ${what}`, {
    file: path,
    problems: read.problems,
    restoredFromDirectories: added,
  });
  await saveTopics(fs, dataDir, topics);
  return topics;
}

/** Strict decoding of the stored document: anything unexpected throws (readStateFile falls back). */
function decodeTopics(bytes: Uint8Array): StoredTopic[] {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as { version?: unknown; topics?: unknown };
  if (doc.version !== 1) throw new Error(`unsupported version ${JSON.stringify(doc.version)}`);
  if (!Array.isArray(doc.topics)) throw new Error("no topics array");
  for (const t of doc.topics as StoredTopic[]) {
    const ok = typeof t === "object" && t !== null && typeof t.name === "string" && typeof t.id === "string" && /^[0-9a-f]{32}$/.test(t.id) &&
      Number.isInteger(t.partitions) && t.partitions > 0 && typeof t.config === "object" && t.config !== null && typeof t.internal === "boolean";
    if (!ok) throw new Error(`malformed topic entry ${JSON.stringify(t).slice(0, 80)}`);
  }
  return doc.topics as StoredTopic[];
}

/** Segment and index files, and the marker the cleaner leaves in a compacted partition. */
const LOG_FILE = /^(\d{20}\.(log|index|timeindex)|offset-gaps)$/;

/**
 * Add to `topics` every partition directory that holds log files but is missing from them;
 * returns `topic-partition` names added.
 */
async function addTopicsFromDirectories(fs: FileSystem, dataDir: string, topics: TopicMetadata[], defaults: TopicConfig): Promise<string[]> {
  const added: string[] = [];
  for (const entry of (await fs.readDir(dataDir)) ?? []) {
    const parsed = entry.isDirectory ? parsePartitionDirName(entry.name) : undefined;
    if (!parsed) continue;
    const files = (await fs.readDir(`${dataDir}/${entry.name}`)) ?? [];
    if (files.length === 0 || !files.every((f) => f.isFile && LOG_FILE.test(f.name))) continue;
    let topic = topics.find((t) => t.name === parsed.topic);
    if (topic && parsed.partition < topic.partitions) continue;
    if (!topic) {
      const internal = parsed.topic.startsWith("__");
      // A partition the cleaner has rewritten was compacted (log/cleaner.ts OFFSET_GAPS_MARKER).
      const compacted = internal || files.some((f) => f.name === "offset-gaps");
      topic = { name: parsed.topic, id: newTopicId(), partitions: 0, config: { ...defaults, ...(compacted ? { "cleanup.policy": "compact" as const } : {}) }, internal };
      topics.push(topic);
    }
    topic.partitions = Math.max(topic.partitions, parsed.partition + 1);
    added.push(entry.name);
  }
  return added;
}

/** Replace the stored topics atomically. */
export async function saveTopics(fs: FileSystem, dataDir: string, topics: Iterable<TopicMetadata>): Promise<void> {
  const doc = {
    version: 1,
    topics: [...topics].map((t): StoredTopic => ({
      name: t.name,
      id: hex(t.id),
      partitions: t.partitions,
      config: t.config,
      internal: t.internal,
    })),
  };
  await writeFileAtomic(fs, `${dataDir}/${TOPICS_FILE}`, new TextEncoder().encode(JSON.stringify(doc, null, 1)), { keepPrevious: true });
}
