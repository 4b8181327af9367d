/**
 * SASL on the Kafka listener (KIP-43 handshake, KIP-152 SaslAuthenticate): the hook the
 * broker receives (STYLE item 11: `devices/` supplies it, `mod.ts` wires it) and the
 * per-connection authentication state.
 *
 * Mechanisms: PLAIN (RFC 4616) and SCRAM-SHA-256/-512 (RFC 5802/7677, KIP-84) when the hook
 * supplies stored SCRAM credentials. With a hook configured, a connection may send only
 * ApiVersions, SaslHandshake and SaslAuthenticate until it has authenticated; anything else
 * closes it, as Kafka does — unless the hook allows anonymous access (`auth.allowAnonymous`):
 * then a connection that skips SASL may do everything, and one that authenticates is held to
 * its principal's ACL. SaslHandshake v0 is followed by raw, unframed-by-Kafka tokens (the
 * pre-KIP-152 flow: one for PLAIN, two for SCRAM, each answered by a raw frame); v1 by
 * SaslAuthenticate requests.
 *
 * Authorization (issue 6): `authorizeTopic` / `authorizeGroup` are asked with the session's
 * principal by every handler that names a topic or group; a refusal is a per-partition
 * TOPIC_AUTHORIZATION_FAILED (29) or GROUP_AUTHORIZATION_FAILED (30), never a failed request.
 *
 * @module
 */
import { SCRAM_MECHANISMS, type ScramCredential, type ScramMechanism } from "./sasl/scram.ts";
import { ScramAuthenticationError, ScramServer } from "./sasl/scram_server.ts";

/** Kafka's ACL operations on a topic (`AclOperation`), as the handlers ask them. */
export type TopicOperation = "read" | "write" | "create" | "delete" | "alter" | "describe" | "describeConfigs" | "alterConfigs";

/** Kafka's ACL operations on a consumer group. */
export type GroupOperation = "read" | "describe" | "delete";

/** Authentication (and optional authorization) hook of the Kafka listener. */
export interface KafkaAuth {
  /** Enabled SASL mechanisms: "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512". */
  mechanisms: string[];
  /** Check PLAIN credentials; resolve to the principal name, or `null` to refuse. */
  authenticatePlain(username: string, password: string, clientHost: string): Promise<string | null>;
  /**
   * The stored SCRAM credential of a user (the principal is the user name); `null` refuses,
   * and `reason` (if given) goes to the log. Without it SCRAM mechanisms are not offered.
   */
  scramCredential?(username: string, mechanism: ScramMechanism): Promise<ScramLookup> | ScramLookup;
  /** May `principal` do `op` on `topic`? Everything is allowed when absent. */
  authorizeTopic?(principal: string, op: TopicOperation, topic: string): boolean;
  /** May `principal` do `op` on consumer group `groupId`? Everything is allowed when absent. */
  authorizeGroup?(principal: string, op: GroupOperation, groupId: string): boolean;
  /**
   * `auth.allowAnonymous`: a connection that does not authenticate is anonymous and may do
   * everything, while SASL stays offered, so a client that does log in is held to its ACL.
   */
  allowAnonymous?: boolean;
}

/** A SCRAM credential, or null with the reason it is missing. */
export type ScramLookup = ScramCredential | { credential: null; reason: string } | null;

/** Authentication state of one connection. */
export interface ConnectionSession {
  /** Mechanism chosen by SaslHandshake, or null. */
  mechanism: string | null;
  /** The next frame is a raw SASL token (after a v0 handshake). */
  rawTokenNext: boolean;
  /** Authenticated principal, or null. */
  principal: string | null;
  /** Not authenticated, and the listener lets such connections do everything ({@link KafkaAuth.allowAnonymous}). */
  anonymous: boolean;
  /** Close once the current response is written (failed authentication). */
  closeAfterResponse: boolean;
  /** The SCRAM exchange in progress, if any. */
  scram: ScramServer | null;
}

/**
 * A fresh session; without an auth hook every connection counts as authenticated, with one
 * that allows anonymous access it is anonymous until (and unless) SASL names a principal.
 */
export function newSession(auth: KafkaAuth | undefined): ConnectionSession {
  return {
    mechanism: null,
    rawTokenNext: false,
    principal: auth ? null : "ANONYMOUS",
    anonymous: auth?.allowAnonymous === true,
    closeAfterResponse: false,
    scram: null,
  };
}

/** May the connection send requests other than ApiVersions and SASL? */
export function mayRequest(session: ConnectionSession): boolean {
  return session.principal !== null || session.anonymous;
}

/** The mechanisms a hook really offers: PLAIN always if listed, SCRAM only with credentials. */
export function offeredMechanisms(auth: KafkaAuth | undefined): string[] {
  if (!auth) return [];
  return auth.mechanisms.filter((m) => m === "PLAIN" || (auth.scramCredential !== undefined && (SCRAM_MECHANISMS as readonly string[]).includes(m)));
}

/** API keys allowed before authentication: SaslHandshake, ApiVersions, SaslAuthenticate. */
export const PRE_AUTH_API_KEYS: ReadonlySet<number> = new Set([17, 18, 36]);

/** Parse a PLAIN message `authzid NUL authcid NUL passwd`; null when malformed. */
export function parsePlain(bytes: Uint8Array): { authzid: string; username: string; password: string } | null {
  const first = bytes.indexOf(0);
  const second = first < 0 ? -1 : bytes.indexOf(0, first + 1);
  if (first < 0 || second < 0 || bytes.indexOf(0, second + 1) >= 0) return null;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    const authzid = decoder.decode(bytes.subarray(0, first));
    const username = decoder.decode(bytes.subarray(first + 1, second));
    const password = decoder.decode(bytes.subarray(second + 1));
    if (username === "" || password === "") return null;
    // RFC 4616: an authorization id different from the user is not something we grant.
    if (authzid !== "" && authzid !== username) return null;
    return { authzid, username, password };
  } catch {
    return null;
  }
}

/** One step of the connection's SASL exchange: the server's token, or a failure to report. */
export type SaslStep =
  | { ok: true; complete: boolean; token: Uint8Array }
  | { ok: false; message: string; username: string | undefined };

/**
 * Feed one client token to the mechanism chosen by the handshake. PLAIN completes in one
 * step; SCRAM in two (client-first, client-final). Sets the principal on completion.
 */
export async function saslStep(auth: KafkaAuth, session: ConnectionSession, token: Uint8Array, clientHost: string): Promise<SaslStep> {
  const empty = new Uint8Array();
  if (session.mechanism === "PLAIN") {
    if (await authenticatePlainToken(auth, session, token, clientHost)) return { ok: true, complete: true, token: empty };
    return { ok: false, message: "invalid username or password", username: parsePlain(token)?.username };
  }
  const lookup = auth.scramCredential;
  if (!lookup || !(SCRAM_MECHANISMS as readonly string[]).includes(session.mechanism ?? "")) {
    return { ok: false, message: `mechanism ${session.mechanism} is not enabled`, username: undefined };
  }
  const mechanism = session.mechanism as ScramMechanism;
  let reason: string | undefined;
  session.scram ??= new ScramServer(mechanism, async (user, m) => {
    const found = await lookup.call(auth, user, m);
    if (found && "credential" in found) {
      reason = found.reason;
      return null;
    }
    return found;
  });
  const scram = session.scram;
  try {
    const answer = await scram.step(token);
    if (scram.complete) session.principal = scram.username;
    return { ok: true, complete: scram.complete, token: answer };
  } catch (error) {
    if (!(error instanceof ScramAuthenticationError)) throw error;
    return { ok: false, message: reason ?? error.message, username: error.username };
  }
}

/** Run PLAIN for a token; sets the principal on success. */
export async function authenticatePlainToken(
  auth: KafkaAuth,
  session: ConnectionSession,
  token: Uint8Array,
  clientHost: string,
): Promise<boolean> {
  const plain = parsePlain(token);
  const principal = plain ? await auth.authenticatePlain(plain.username, plain.password, clientHost) : null;
  if (principal === null) return false;
  session.principal = principal;
  return true;
}

/** May the connection's principal do `op` on `topic`? True without an authorizer. */
export function mayTopic(auth: KafkaAuth | undefined, session: ConnectionSession, op: TopicOperation, topic: string): boolean {
  if (!auth?.authorizeTopic) return true;
  if (session.principal === null) return session.anonymous;
  return auth.authorizeTopic(session.principal, op, topic);
}

/** May the connection's principal do `op` on consumer group `groupId`? True without an authorizer. */
export function mayGroup(auth: KafkaAuth | undefined, session: ConnectionSession, op: GroupOperation, groupId: string): boolean {
  if (!auth?.authorizeGroup) return true;
  if (session.principal === null) return session.anonymous;
  return auth.authorizeGroup(session.principal, op, groupId);
}
