/**
 * SASL on the Kafka listener (KIP-43 handshake, KIP-152 SaslAuthenticate): the hook the
 * broker receives (STYLE item 11: `devices/` supplies it, `mod.ts` wires it) and the
 * per-connection authentication state.
 *
 * Only SASL/PLAIN (RFC 4616) is implemented. With a hook configured, a connection may send
 * only ApiVersions, SaslHandshake and SaslAuthenticate until it has authenticated; anything
 * else closes it, as Kafka does. SaslHandshake v0 is followed by one raw, unframed-by-Kafka
 * PLAIN token (the pre-KIP-152 flow); v1 by SaslAuthenticate requests.
 *
 * @module
 */

/** Authentication hook of the Kafka listener. */
export interface KafkaAuth {
  /** Enabled SASL mechanisms; only "PLAIN" is understood. */
  mechanisms: string[];
  /** Check PLAIN credentials; resolve to the principal name, or `null` to refuse. */
  authenticatePlain(username: string, password: string, clientHost: string): Promise<string | null>;
}

/** Authentication state of one connection. */
export interface ConnectionSession {
  /** Mechanism chosen by SaslHandshake, or null. */
  mechanism: string | null;
  /** The next frame is a raw SASL token (after a v0 handshake). */
  rawTokenNext: boolean;
  /** Authenticated principal, or null. */
  principal: string | null;
  /** Close once the current response is written (failed authentication). */
  closeAfterResponse: boolean;
}

/** A fresh session; without an auth hook every connection counts as authenticated. */
export function newSession(auth: KafkaAuth | undefined): ConnectionSession {
  return { mechanism: null, rawTokenNext: false, principal: auth ? null : "ANONYMOUS", closeAfterResponse: false };
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
