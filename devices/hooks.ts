/**
 * The registry as the broker's auth hooks (STYLE item 11): MQTT `authenticate` /
 * `authorizePublish` / `authorizeSubscribe`, and Kafka SASL (PLAIN, SCRAM) with topic and
 * group authorization.
 *
 * MQTT: a CONNECT with a user name logs in as that device (password = its secret); a wrong
 * secret, unknown or disabled device gets 0x86 (v3: rc 4). Without a user name the client is
 * anonymous: allowed everywhere when anonymous access is on, refused with 0x87 (v3: rc 5)
 * otherwise. Over a listener that verified a client certificate (`mqtt.tls.requestClientCert`)
 * the certificate's CN is the device, no password needed: an unknown or disabled CN gets 0x87,
 * a user name other than the CN 0x86. Devices are held to their ACLs.
 *
 * @module
 */
import type { KafkaAuth } from "../broker/kafka/auth.ts";
import type { ConnectInfo, MqttHooks } from "../broker/mqtt/hooks.ts";
import { Reason } from "../broker/mqtt/reason_codes.ts";
import { SCRAM_MECHANISMS } from "../broker/kafka/sasl/scram.ts";
import { deviceMayUseGroup, deviceMayUseTopic, type TopicMapping } from "./kafka_acl.ts";
import type { DeviceRegistry } from "./registry.ts";

/** MQTT hooks plus the client id → device map they maintain. */
export interface DeviceMqttHooks extends MqttHooks {
  /** The device a client id logged in as; `null` for anonymous; undefined if unknown. */
  deviceOf(clientId: string): string | null | undefined;
  /** Forget client ids that no longer have a session (bounds the map on churning fleets). */
  retain(sessions: ReadonlySet<string>): void;
}

/** Build the MQTT hooks over `registry`. */
export function deviceMqttHooks(registry: DeviceRegistry, options: { allowAnonymous: boolean }): DeviceMqttHooks {
  // Set at each successful CONNECT; a client id taken over by another login is overwritten.
  const clients = new Map<string, string | null>();
  const missing = new Set<string>();
  const allowAnonymousClient = (clientId: string) => options.allowAnonymous && clients.get(clientId) === null;
  // A verified client certificate is the identity: its CN must be an enabled device, and a
  // user name, if sent, must be that CN (one connection cannot mix two identities).
  const certificateLogin = (info: ConnectInfo, device: string) => {
    if (info.username !== undefined && info.username !== "" && info.username !== device) return Reason.BadUserNameOrPassword;
    if (!registry.authenticateCertificate(device)) return Reason.NotAuthorized;
    clients.set(info.clientId, device);
    return true;
  };
  return {
    async authenticate(info: ConnectInfo) {
      if (info.certificateCN !== undefined) return certificateLogin(info, info.certificateCN);
      if (info.username === undefined || info.username === "") {
        if (!options.allowAnonymous) return Reason.NotAuthorized;
        clients.set(info.clientId, null);
        return true;
      }
      const secret = info.password ? new TextDecoder().decode(info.password) : "";
      if (!(await registry.authenticate(info.username, secret))) return Reason.BadUserNameOrPassword;
      clients.set(info.clientId, info.username);
      return true;
    },
    authorizePublish(clientId, topic) {
      const device = clients.get(clientId);
      if (typeof device !== "string") return allowAnonymousClient(clientId);
      const ok = registry.mayPublish(device, topic);
      if (ok) registry.touch(device);
      return ok;
    },
    authorizeSubscribe(clientId, filter) {
      const device = clients.get(clientId);
      if (typeof device !== "string") return allowAnonymousClient(clientId);
      return registry.maySubscribe(device, filter);
    },
    deviceOf: (clientId) => clients.get(clientId),
    retain(sessions) {
      // Missing at two sweeps in a row: a login between CONNECT and session creation survives.
      for (const clientId of clients.keys()) {
        if (sessions.has(clientId)) missing.delete(clientId);
        else if (missing.has(clientId)) {
          clients.delete(clientId);
          missing.delete(clientId);
        } else missing.add(clientId);
      }
    },
  };
}

/**
 * Kafka SASL users are the registered devices (user name = id, password = secret) over PLAIN,
 * SCRAM-SHA-256 and SCRAM-SHA-512; each is held to its ACL read the Kafka way
 * (`kafka_acl.ts`: `kafka:` entries and the topics `mappings` store its MQTT patterns in).
 */
export function deviceKafkaAuth(registry: DeviceRegistry, options: { mappings?: readonly TopicMapping[] } = {}): KafkaAuth {
  const mappings = options.mappings ?? [];
  return {
    mechanisms: ["PLAIN", ...SCRAM_MECHANISMS],
    authenticatePlain: async (username, password) => (await registry.authenticate(username, password)) ? username : null,
    scramCredential: (username, mechanism) => registry.scramCredential(username, mechanism),
    authorizeTopic(principal, op, topic) {
      const acl = registry.aclOf(principal);
      return acl !== undefined && deviceMayUseTopic(acl, principal, op, topic, mappings);
    },
    authorizeGroup(principal, op, groupId) {
      const acl = registry.aclOf(principal);
      return acl !== undefined && deviceMayUseGroup(acl, principal, op, groupId);
    },
  };
}
