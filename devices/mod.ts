/**
 * Devices: the registry (identity, PBKDF2 credentials, ACLs, codec, metadata, last seen), its
 * auth hooks for the MQTT and Kafka listeners, the broker extension that wires them, and the
 * fleet simulator.
 *
 * @example
 * ```ts
 * import { devicesExtension } from "./devices/mod.ts";
 * const broker = await startBroker(config, { runtime, extensions: [devicesExtension()] });
 * ```
 *
 * @module
 */
export * from "./types.ts";
export { checkPattern, DEFAULT_PATTERN, expandPattern, filterCovered, topicMatches } from "./acl.ts";
export { DEFAULT_ITERATIONS, generateSecret, hashSecret, verifySecret } from "./password.ts";
export { DeviceStoreCorruptError, type DeviceStore, FileDeviceStore, MemoryDeviceStore } from "./store.ts";
export { DeviceError, DeviceRegistry, type DeviceRegistryOptions } from "./registry.ts";
export { deviceKafkaAuth, deviceMqttHooks, type DeviceMqttHooks } from "./hooks.ts";
export { deviceAdmin, devicesExtension, REGISTRY_FILE } from "./extension.ts";
export { startFleet, type Fleet, type FleetOptions, type FleetStats } from "./simulator/fleet.ts";
export { simulateCommand } from "./simulator/command.ts";
export { encodeReading, type Reading, type SimCodec, VirtualSensor } from "./simulator/readings.ts";
export { ConnectRefusedError, SimClient } from "./simulator/client.ts";
