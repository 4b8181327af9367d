/**
 * SASL over the Kafka protocol: SaslHandshake v1 names the mechanism, then each token travels
 * in a SaslAuthenticate request (KIP-152), so authentication errors come back as error codes
 * and messages instead of a dropped connection. Mechanisms: PLAIN (RFC 4616) and
 * SCRAM-SHA-256/512 (RFC 5802/7677, KIP-84).
 *
 * @module
 */
import { ApiKey } from "../../../broker/kafka/protocol/generated/api_keys.ts";
import type { BrokerConnection } from "../connection.ts";
import { KafkaResponseError, SaslAuthenticationError } from "../errors.ts";
import { ScramClient } from "./scram.ts";

/** Credentials and mechanism. Managed clusters typically ask for SCRAM-SHA-512 over TLS. */
export type SaslSettings =
  | { mechanism: "PLAIN"; username: string; password: string; authorizationId?: string }
  | { mechanism: "SCRAM-SHA-256" | "SCRAM-SHA-512"; username: string; password: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The PLAIN initial response: authzid NUL authcid NUL passwd (RFC 4616 §2). */
export function plainToken(username: string, password: string, authorizationId = ""): Uint8Array {
  return encoder.encode(`${authorizationId}\u0000${username}\u0000${password}`);
}

/**
 * Authenticate `connection`. Resolves with the session lifetime in ms (0 = unlimited, KIP-368);
 * rejects with {@link SaslAuthenticationError} for refused mechanisms or credentials.
 */
export async function authenticate(connection: BrokerConnection, sasl: SaslSettings): Promise<number> {
  const handshake = await connection.send(ApiKey.SaslHandshake, { mechanism: sasl.mechanism });
  if (handshake.errorCode !== 0) {
    throw new SaslAuthenticationError(
      `broker refused SASL mechanism ${sasl.mechanism} (${new KafkaResponseError("SaslHandshake", handshake.errorCode).errorName}); ` +
        `it offers ${handshake.mechanisms.join(", ") || "none"}`,
    );
  }
  const round = async (token: Uint8Array): Promise<{ bytes: Uint8Array; lifetimeMs: number }> => {
    const r = await connection.send(ApiKey.SaslAuthenticate, { authBytes: token });
    if (r.errorCode !== 0) {
      throw new SaslAuthenticationError(
        `SASL ${sasl.mechanism} authentication as ${sasl.username} failed: ${r.errorMessage ?? new KafkaResponseError("SaslAuthenticate", r.errorCode).errorName}`,
      );
    }
    return { bytes: r.authBytes, lifetimeMs: Number(r.sessionLifetimeMs) };
  };
  if (sasl.mechanism === "PLAIN") {
    return (await round(plainToken(sasl.username, sasl.password, sasl.authorizationId))).lifetimeMs;
  }
  const scram = new ScramClient(sasl.mechanism, sasl.username, sasl.password);
  try {
    const serverFirst = await round(encoder.encode(scram.first()));
    const serverFinal = await round(encoder.encode(await scram.final(decoder.decode(serverFirst.bytes))));
    await scram.verify(decoder.decode(serverFinal.bytes));
    return serverFinal.lifetimeMs;
  } catch (error) {
    if (error instanceof SaslAuthenticationError || !(error instanceof Error) || error.name !== "Error") throw error;
    throw new SaslAuthenticationError(error.message, { cause: error });
  }
}
