/**
 * The device registry's data model: one record per sensor, persisted as one JSON document.
 *
 * @module
 */
import type { StoredScram } from "./scram.ts";

/** Payload codec a device speaks (informational for rules and the simulator). */
export type DeviceCodec = "raw" | "json" | "cbor";

/** The device codecs, for validation. */
export const deviceCodecs: readonly DeviceCodec[] = ["raw", "json", "cbor"];

/** A salted PBKDF2-SHA256 hash of the device's secret; the secret itself is never stored. */
export interface StoredCredential {
  algorithm: "PBKDF2-SHA256";
  iterations: number;
  /** Base64. */
  salt: string;
  /** Base64, 32 bytes. */
  hash: string;
  /** Kafka SASL/SCRAM keys per mechanism (absent on devices created before SCRAM support). */
  scram?: StoredScram;
}

/**
 * Topic patterns a device may use: MQTT topic filters (`+`, `#`) in which `{id}` stands for
 * the device id. Default: `devices/{id}/#` for both.
 */
export interface DeviceAcl {
  publish: string[];
  subscribe: string[];
}

/** Free-form description shown by the admin API and the dashboard. */
export interface DeviceMetadata {
  model?: string;
  location?: string;
}

/** One device as persisted. */
export interface Device {
  id: string;
  disabled: boolean;
  credential: StoredCredential;
  acl: DeviceAcl;
  codec: DeviceCodec;
  metadata: DeviceMetadata;
  /** Wall-clock ms. */
  createdAt: number;
  /** Wall-clock ms of the last authentication or publish, if any. */
  lastSeen?: number;
}

/** A device as the admin API shows it: no credential, plus the online flag. */
export interface DeviceView {
  id: string;
  disabled: boolean;
  acl: DeviceAcl;
  codec: DeviceCodec;
  metadata: DeviceMetadata;
  createdAt: number;
  lastSeen: number | null;
  online: boolean;
}

/** What `add` takes; everything but the id has a default. */
export interface NewDevice {
  id: string;
  acl?: Partial<DeviceAcl>;
  codec?: DeviceCodec;
  metadata?: DeviceMetadata;
}

/** Device ids: used in topic names, so no `/`, `+`, `#` or spaces. */
export const DEVICE_ID_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
