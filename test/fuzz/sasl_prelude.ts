/**
 * A valid SASL/PLAIN login for the fuzz broker's SASL mode, as real clients send it: either
 * SaslHandshake v0 + a raw token (old librdkafka) or SaslHandshake v1 + SaslAuthenticate
 * (KIP-152). Each frame is its own chunk: a client waits for the login's answer before it
 * sends anything else.
 */
import { encodeSaslAuthenticateRequest } from "../../broker/kafka/protocol/generated/sasl_authenticate_request.ts";
import { encodeSaslHandshakeRequest } from "../../broker/kafka/protocol/generated/sasl_handshake_request.ts";
import { encodeRequestHeader } from "../../broker/kafka/protocol/generated/headers.ts";
import { ByteWriter } from "../../broker/kafka/protocol/writer.ts";
import { FUZZ_USER } from "./memory_broker.ts";
import type { Rng } from "./rng.ts";

function framed(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setInt32(0, body.length);
  out.set(body, 4);
  return out;
}

function request(apiKey: number, version: number, correlationId: number, encode: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter();
  encodeRequestHeader(w, { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId: "fuzz" });
  encode(w);
  return framed(w.finish());
}

/** The login frames; `wrongPassword` makes it fail (the broker must close the connection). */
export function saslLogin(rng: Rng, wrongPassword = false): Uint8Array[] {
  const token = new TextEncoder().encode(`\u0000${FUZZ_USER.username}\u0000${wrongPassword ? "nope" : FUZZ_USER.password}`);
  if (rng.chance(0.5)) {
    return [request(17, 0, 100, (w) => encodeSaslHandshakeRequest(w, { mechanism: "PLAIN" }, 0)), framed(token)];
  }
  const version = rng.int(0, 2);
  return [
    request(17, 1, 100, (w) => encodeSaslHandshakeRequest(w, { mechanism: "PLAIN" }, 1)),
    request(36, version, 101, (w) => encodeSaslAuthenticateRequest(w, { authBytes: token }, version)),
  ];
}
