/**
 * SaslHandshake (key 17), v0-1 (KIP-43). Chooses the SASL mechanism of the connection and
 * lists the enabled ones (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512). v0: the next frames are raw
 * tokens, each answered by a raw frame (one for PLAIN, two for SCRAM); v1: SaslAuthenticate
 * requests follow (KIP-152). A mechanism that is not enabled, or
 * a listener without authentication, gets UNSUPPORTED_SASL_MECHANISM; a second handshake
 * ILLEGAL_SASL_STATE.
 */
import { offeredMechanisms } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeSaslHandshakeRequest, type SaslHandshakeRequest } from "../protocol/generated/sasl_handshake_request.ts";
import { encodeSaslHandshakeResponse, type SaslHandshakeResponseInit } from "../protocol/generated/sasl_handshake_response.ts";
import { defineHandler } from "../registry.ts";

/** The SaslHandshake handler; see the module comment for versions and behaviour. */
export const saslHandshakeHandler = defineHandler<SaslHandshakeRequest, SaslHandshakeResponseInit>({
  apiKey: 17,
  name: "SaslHandshake",
  minVersion: 0,
  maxVersion: 1,
  decode: decodeSaslHandshakeRequest,
  encode: encodeSaslHandshakeResponse,
  handle(request, info, context) {
    const mechanisms = offeredMechanisms(context.auth);
    const session = info.session;
    if (session.mechanism !== null || (context.auth && session.principal !== null)) {
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms };
    }
    if (!mechanisms.includes(request.mechanism)) return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms };
    session.mechanism = request.mechanism;
    session.rawTokenNext = info.apiVersion === 0;
    return { errorCode: ErrorCode.NONE, mechanisms };
  },
});
