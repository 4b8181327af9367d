/**
 * Where the registry keeps its devices: the whole registry is one small document, replaced
 * atomically on every change. Two implementations share one conformance suite
 * (`test/devices/_store_conformance.ts`): in memory and on a file (tmp → fsync → rename).
 *
 * @module
 */
import { writeFileAtomic } from "../broker/runtime/atomic.ts";
import type { FileSystem } from "../broker/runtime/types.ts";
import type { Device } from "./types.ts";

/** Persistence of the registry document. */
export interface DeviceStore {
  /** Every stored device; empty when nothing was ever saved. Rejects on an unreadable document. */
  load(): Promise<Device[]>;
  /** Replace the document; after a crash the old or the new one is there, never a mix. */
  save(devices: readonly Device[]): Promise<void>;
}

/** Raised when the stored document cannot be read back (never silently treated as empty). */
export class DeviceStoreCorruptError extends Error {
  override name = "DeviceStoreCorruptError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Format version of the document (format migration: bump and convert in `decode`). */
const FORMAT_VERSION = 1;

/** Serialize the registry document. */
export function encodeDevices(devices: readonly Device[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ version: FORMAT_VERSION, devices }, null, 1) + "\n");
}

/** Parse the registry document; throws {@link DeviceStoreCorruptError}. */
export function decodeDevices(bytes: Uint8Array, where: string): Device[] {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new DeviceStoreCorruptError(`${where}: not a device registry document`, { cause });
  }
  const d = doc as { version?: unknown; devices?: unknown };
  if (d?.version !== FORMAT_VERSION || !Array.isArray(d.devices)) {
    throw new DeviceStoreCorruptError(`${where}: expected {version: ${FORMAT_VERSION}, devices: [...]}`);
  }
  return d.devices as Device[];
}

/** Devices in memory (tests, embedded use); `save` stores a copy. */
export class MemoryDeviceStore implements DeviceStore {
  #doc: Uint8Array | null = null;
  load(): Promise<Device[]> {
    return Promise.resolve(this.#doc ? decodeDevices(this.#doc, "memory") : []);
  }
  save(devices: readonly Device[]): Promise<void> {
    this.#doc = encodeDevices(devices);
    return Promise.resolve();
  }
}

/** Devices in one JSON file, replaced with `writeFileAtomic`. */
export class FileDeviceStore implements DeviceStore {
  constructor(readonly fs: FileSystem, readonly path: string) {}

  async load(): Promise<Device[]> {
    const bytes = await this.fs.readFile(this.path);
    return bytes ? decodeDevices(bytes, this.path) : [];
  }

  async save(devices: readonly Device[]): Promise<void> {
    const slash = this.path.lastIndexOf("/");
    if (slash > 0) await this.fs.mkdir(this.path.slice(0, slash), { recursive: true });
    await writeFileAtomic(this.fs, this.path, encodeDevices(devices));
  }
}
