/**
 * The set of topics of one data dir: validation, creation, growth, config changes, removal,
 * each persisted to `topics.json` before it takes effect for callers. Changes are serialized so
 * the file has one writer and reflects them in order.
 *
 * @module
 */

import type { Logger } from "../observe/logger.ts";
import type { FileSystem } from "../runtime/types.ts";
import { InvalidPartitionsError, TopicExistsError, UnknownTopicError } from "../log/errors.ts";
import type { CreateTopicOptions, TopicConfig, TopicMetadata } from "../log/types.ts";
import { resolveTopicConfig, validateTopicConfig } from "./topic_config.ts";
import { checkTopicLimits, countUsage, type TopicLimits } from "./topic_limits.ts";
import { validateTopicName } from "./topic_name.ts";
import { newTopicId, saveTopics } from "./topic_store.ts";

/** In-memory topics mirrored to `topics.json`. */
export class TopicRegistry {
  #topics = new Map<string, TopicMetadata>();
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly fs: FileSystem,
    readonly dataDir: string,
    readonly defaults: TopicConfig,
    readonly logger: Logger,
    topics: TopicMetadata[],
    /** Caps on topics and partitions (internal topics exempt); none when absent. */
    readonly limits?: TopicLimits,
  ) {
    for (const t of topics) this.#topics.set(t.name, t);
  }

  get(name: string): TopicMetadata | undefined {
    return this.#topics.get(name);
  }

  list(includeInternal = false): TopicMetadata[] {
    return [...this.#topics.values()].filter((t) => includeInternal || !t.internal);
  }

  /** Validate and persist a new topic. */
  create(name: string, options: CreateTopicOptions): Promise<TopicMetadata> {
    return this.serial(async () => {
      validateTopicName(name);
      if (this.#topics.has(name)) throw new TopicExistsError(name);
      if (!Number.isSafeInteger(options.partitions) || options.partitions < 1) {
        throw new InvalidPartitionsError(`partitions=${options.partitions}: expected an integer ≥ 1`);
      }
      if (!options.internal) this.#checkLimits(name, options.partitions, false);
      const config = resolveTopicConfig(this.defaults, options.config ?? {});
      const meta: TopicMetadata = { name, id: newTopicId(), partitions: options.partitions, config, internal: options.internal ?? false };
      await this.#save(name, meta);
      this.logger.info("topic created", { topic: name, partitions: meta.partitions });
      return meta;
    });
  }

  /** Remove a topic from the metadata (the caller removes its directories afterwards). */
  async remove(name: string): Promise<TopicMetadata> {
    const meta = this.#topics.get(name);
    if (!meta) throw new UnknownTopicError(name);
    await this.#save(name, undefined);
    return meta;
  }

  /** Grow a topic to `total` partitions (never shrink, as in Kafka). */
  grow(name: string, total: number): Promise<void> {
    return this.serial(async () => {
      const meta = this.#topics.get(name);
      if (!meta) throw new UnknownTopicError(name);
      if (!Number.isSafeInteger(total) || total <= meta.partitions) {
        throw new InvalidPartitionsError(`topic "${name}" has ${meta.partitions} partitions; expected a larger count, got ${total}`);
      }
      if (!meta.internal) this.#checkLimits(name, total - meta.partitions, true);
      await this.#save(name, { ...meta, partitions: total });
    });
  }

  /** Apply validated config changes. */
  alter(name: string, changes: Partial<TopicConfig>): Promise<void> {
    return this.serial(async () => {
      const meta = this.#topics.get(name);
      if (!meta) throw new UnknownTopicError(name);
      await this.#save(name, { ...meta, config: { ...meta.config, ...validateTopicConfig(changes) } });
    });
  }

  /** Run `fn` after every earlier change (one writer for `topics.json`). */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.catch(() => {}).then(fn);
    this.#queue = run.then(() => {}, () => {});
    return run;
  }

  /** Resolves once queued changes are done. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** Throws {@link TopicLimitError} (after reporting it) when the change would exceed a limit. */
  #checkLimits(name: string, added: number, existing: boolean): void {
    const refused = checkTopicLimits(this.limits, countUsage(this.#topics.values()), name, added, existing);
    if (!refused) return;
    this.limits?.onRefused?.(refused);
    throw refused;
  }

  /** Persist with `name` set to `meta` (or removed); memory changes only once the file has. */
  async #save(name: string, meta: TopicMetadata | undefined): Promise<void> {
    const next = new Map(this.#topics);
    if (meta) next.set(name, meta);
    else next.delete(name);
    await saveTopics(this.fs, this.dataDir, next.values());
    this.#topics = next;
  }
}
