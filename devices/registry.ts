/**
 * The device registry: add, list, show, disable, delete; authentication of a device's secret
 * and ACL checks. Every change is saved before it is visible; `lastSeen` is kept in memory and
 * saved with the next change or by {@link DeviceRegistry.flush} (not on every publish: SD
 * cards wear by bytes written).
 *
 * @module
 */
import { checkPattern, DEFAULT_PATTERN, expandPattern, filterCovered, topicMatches } from "./acl.ts";
import type { ScramCredential, ScramMechanism } from "../broker/kafka/sasl/scram.ts";
import { fingerprint, generateSecret, hashSecret, verifySecret } from "./password.ts";
import { checkKafkaEntry, isKafkaEntry } from "./kafka_acl.ts";
import { deriveScramKeys, scramCredentialOf } from "./scram.ts";
import type { DeviceStore } from "./store.ts";
import { type Device, type DeviceAcl, deviceCodecs, DEVICE_ID_PATTERN, type DeviceView, type NewDevice } from "./types.ts";

/** Raised for requests the registry refuses; `status` is the HTTP status the admin API uses. */
export class DeviceError extends Error {
  override name = "DeviceError";
  constructor(message: string, readonly status: 400 | 404 | 409) {
    super(message);
  }
}

export interface DeviceRegistryOptions {
  store: DeviceStore;
  now?: () => number;
  /** PBKDF2 iterations for new secrets (tests lower it). */
  iterations?: number;
  /**
   * PBKDF2 computations allowed at once (default 2). Bounds the CPU a flood of CONNECTs with
   * wrong secrets can take on a 4-core gateway; the rest wait their turn.
   */
  maxConcurrentHashes?: number;
}

/** The registry; open it with {@link DeviceRegistry.open}. */
export class DeviceRegistry {
  readonly #store: DeviceStore;
  readonly #now: () => number;
  readonly #iterations: number | undefined;
  readonly #devices = new Map<string, Device>();
  /** Secrets already verified this process (device id → SHA-256 of the secret). */
  readonly #verified = new Map<string, string>();
  /** Ids of the devices connected right now; supplied by whoever knows (the MQTT server). */
  #online: () => ReadonlySet<string> = () => new Set();
  #lastSeenDirty = false;
  /** Serializes saves so documents reach the store in order. */
  #saving: Promise<void> = Promise.resolve();
  readonly #hashSlots: number;
  #hashing = 0;
  readonly #waiting: Array<() => void> = [];

  private constructor(options: DeviceRegistryOptions, devices: Device[]) {
    this.#store = options.store;
    this.#now = options.now ?? (() => Date.now());
    this.#iterations = options.iterations;
    this.#hashSlots = Math.max(1, options.maxConcurrentHashes ?? 2);
    for (const d of devices) this.#devices.set(d.id, d);
  }

  /** Load the stored devices. */
  static async open(options: DeviceRegistryOptions): Promise<DeviceRegistry> {
    return new DeviceRegistry(options, await options.store.load());
  }

  /** Tell the registry how to know which devices are connected. */
  setOnlineSource(online: () => ReadonlySet<string>): void {
    this.#online = online;
  }

  /** Register a device; resolves with its view and the secret, which is shown only this once. */
  async add(input: NewDevice): Promise<{ device: DeviceView; secret: string }> {
    const id = input.id;
    if (typeof id !== "string" || !DEVICE_ID_PATTERN.test(id)) {
      throw new DeviceError(`device id: expected 1-64 of A-Z a-z 0-9 . _ - (starting with a letter or digit), got ${JSON.stringify(id)}`, 400);
    }
    if (this.#devices.has(id)) throw new DeviceError(`device ${id} already exists`, 409);
    const acl: DeviceAcl = {
      publish: input.acl?.publish ?? [DEFAULT_PATTERN],
      subscribe: input.acl?.subscribe ?? [DEFAULT_PATTERN],
    };
    for (const pattern of [...acl.publish, ...acl.subscribe]) {
      const problem = typeof pattern !== "string"
        ? "a pattern must be a string"
        : isKafkaEntry(pattern)
        ? checkKafkaEntry(pattern)
        : checkPattern(pattern);
      if (problem) throw new DeviceError(`acl: ${problem}`, 400);
    }
    const codec = input.codec ?? "raw";
    if (!deviceCodecs.includes(codec)) throw new DeviceError(`codec: expected one of ${deviceCodecs.join(", ")}`, 400);
    const metadata: Device["metadata"] = {};
    if (input.metadata?.model !== undefined) metadata.model = String(input.metadata.model);
    if (input.metadata?.location !== undefined) metadata.location = String(input.metadata.location);
    const secret = generateSecret();
    const device: Device = {
      id,
      disabled: false,
      credential: { ...(await hashSecret(secret, this.#iterations)), scram: await deriveScramKeys(secret) },
      acl,
      codec,
      metadata,
      createdAt: this.#now(),
    };
    await this.#commit(() => this.#devices.set(id, device), () => this.#devices.delete(id));
    return { device: this.#view(device, this.#online()), secret };
  }

  /** Number of registered devices. */
  get size(): number {
    return this.#devices.size;
  }

  /** Every device, sorted by id. */
  list(): DeviceView[] {
    const online = this.#online();
    return [...this.#devices.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => this.#view(d, online));
  }

  /** One device, or undefined. */
  get(id: string): DeviceView | undefined {
    const d = this.#devices.get(id);
    return d ? this.#view(d, this.#online()) : undefined;
  }

  /** Disable (or re-enable) a device: a disabled device cannot connect. */
  async setDisabled(id: string, disabled: boolean): Promise<DeviceView> {
    const d = this.#require(id);
    const before = d.disabled;
    await this.#commit(() => void (d.disabled = disabled), () => void (d.disabled = before));
    this.#verified.delete(id);
    return this.#view(d, this.#online());
  }

  /** Remove a device and its credential. */
  async delete(id: string): Promise<void> {
    const d = this.#require(id);
    await this.#commit(() => this.#devices.delete(id), () => this.#devices.set(id, d));
    this.#verified.delete(id);
  }

  /** Check a device's secret; false for unknown or disabled devices. */
  async authenticate(id: string, secret: string): Promise<boolean> {
    const d = this.#devices.get(id);
    if (!d || d.disabled) return false;
    const print = await fingerprint(secret);
    let ok = this.#verified.get(id) === print;
    if (!ok) {
      ok = await this.#limited(() => verifySecret(secret, d.credential));
      // The device may have been deleted or disabled while PBKDF2 ran.
      if (ok && this.#devices.get(id) === d && !d.disabled) this.#verified.set(id, print);
    }
    if (ok) this.touch(id);
    return ok && this.#devices.get(id) === d && !d.disabled;
  }

  /**
   * A TLS client certificate, verified against the listener's CA, names device `id` (its CN):
   * true for a registered, enabled device. The certificate is the credential; no secret.
   */
  authenticateCertificate(id: string): boolean {
    const d = this.#devices.get(id);
    if (!d || d.disabled) return false;
    this.touch(id);
    return true;
  }

  /**
   * The stored SCRAM keys of device `id` for `mechanism`, or why there are none (unknown,
   * disabled, or created before SCRAM support).
   */
  scramCredential(id: string, mechanism: ScramMechanism): ScramCredential | { credential: null; reason: string } {
    const d = this.#devices.get(id);
    if (!d) return { credential: null, reason: "unknown device" };
    if (d.disabled) return { credential: null, reason: "device disabled" };
    const credential = scramCredentialOf(d.credential.scram, mechanism);
    if (!credential) return { credential: null, reason: `device has no ${mechanism} keys (created before SCRAM support; re-create it or use PLAIN)` };
    return credential;
  }

  /** May device `id` publish to `topic`? */
  mayPublish(id: string, topic: string): boolean {
    const d = this.#devices.get(id);
    if (!d || d.disabled) return false;
    return d.acl.publish.some((p) => !isKafkaEntry(p) && topicMatches(expandPattern(p, id), topic));
  }

  /** May device `id` subscribe to `filter` (possibly `$share/…`)? */
  maySubscribe(id: string, filter: string): boolean {
    const d = this.#devices.get(id);
    if (!d || d.disabled) return false;
    return d.acl.subscribe.some((p) => !isKafkaEntry(p) && filterCovered(expandPattern(p, id), filter));
  }

  /** The ACL of an enabled device (Kafka authorization reads it); undefined otherwise. */
  aclOf(id: string): DeviceAcl | undefined {
    const d = this.#devices.get(id);
    return d && !d.disabled ? d.acl : undefined;
  }

  /** Record activity (in memory; saved by {@link flush} or the next change). */
  touch(id: string): void {
    const d = this.#devices.get(id);
    if (!d) return;
    d.lastSeen = this.#now();
    this.#lastSeenDirty = true;
  }

  /** Save pending `lastSeen` updates. */
  async flush(): Promise<void> {
    if (!this.#lastSeenDirty) return;
    await this.#commit(() => {}, () => {});
  }

  /** Run a PBKDF2 computation when a slot is free. */
  async #limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.#hashing >= this.#hashSlots) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#hashing++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#hashing--;
    }
  }

  #require(id: string): Device {
    const d = this.#devices.get(id);
    if (!d) throw new DeviceError(`unknown device ${id}`, 404);
    return d;
  }

  /** Apply a change, save, and undo it if the save fails. */
  #commit(apply: () => void, undo: () => void): Promise<void> {
    const run = async () => {
      apply();
      this.#lastSeenDirty = false;
      try {
        await this.#store.save([...this.#devices.values()]);
      } catch (error) {
        undo();
        this.#lastSeenDirty = true;
        throw error;
      }
    };
    const next = this.#saving.then(run, run);
    this.#saving = next.catch(() => {});
    return next;
  }

  #view(d: Device, online: ReadonlySet<string>): DeviceView {
    return {
      id: d.id,
      disabled: d.disabled,
      acl: { publish: [...d.acl.publish], subscribe: [...d.acl.subscribe] },
      codec: d.codec,
      metadata: { ...d.metadata },
      createdAt: d.createdAt,
      lastSeen: d.lastSeen ?? null,
      online: online.has(d.id),
    };
  }
}
