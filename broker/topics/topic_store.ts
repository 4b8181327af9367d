/**
 * Topic metadata persisted in one JSON file under the data directory (`topics.json`), replaced
 * atomically (tmp → datasync → rename → fsync dir) on every change, so a crash leaves either
 * the old or the new set of topics. Kafka keeps this in ZooKeeper/KRaft; one file suffices for
 * a single node.
 *
 * @module
 */

import { writeFileAtomic } from "../runtime/atomic.ts";
import type { FileSystem } from "../runtime/types.ts";
import type { TopicConfig, TopicMetadata } from "../log/types.ts";

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
 * merged over `defaults`, so keys added in later versions get their default.
 */
export async function loadTopics(fs: FileSystem, dataDir: string, defaults: TopicConfig): Promise<TopicMetadata[] | null> {
  const bytes = await fs.readFile(`${dataDir}/${TOPICS_FILE}`);
  if (bytes === null) return null;
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as { version: number; topics: StoredTopic[] };
  if (doc.version !== 1) throw new Error(`${TOPICS_FILE}: unsupported version ${doc.version}`);
  return doc.topics.map((t) => ({
    name: t.name,
    id: unhex(t.id),
    partitions: t.partitions,
    config: { ...defaults, ...t.config },
    internal: t.internal,
  }));
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
  await writeFileAtomic(fs, `${dataDir}/${TOPICS_FILE}`, new TextEncoder().encode(JSON.stringify(doc, null, 1)));
}
