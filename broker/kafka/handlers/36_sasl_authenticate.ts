/**
 * SaslAuthenticate (key 36), v0-2 (KIP-152): carries the SASL tokens after a v1 handshake.
 * PLAIN completes in one round, SCRAM in two (client-first → server-first, client-final →
 * server-final): completion authenticates the connection (session lifetime 0, KIP-368: no
 * re-authentication required); failure answers SASL_AUTHENTICATION_FAILED and closes the
 * connection, as Kafka does. Without a preceding handshake: ILLEGAL_SASL_STATE.
 * v1+ carry the session lifetime; v2 flexible.
 */
import { saslStep } from "../auth.ts";
import { ErrorCode } from "../errors.ts";
import { decodeSaslAuthenticateRequest, type SaslAuthenticateRequest } from "../protocol/generated/sasl_authenticate_request.ts";
import { encodeSaslAuthenticateResponse, type SaslAuthenticateResponseInit } from "../protocol/generated/sasl_authenticate_response.ts";
import { defineHandler } from "../registry.ts";

/** The SaslAuthenticate handler; see the module comment for versions and behaviour. */
export const saslAuthenticateHandler = defineHandler<SaslAuthenticateRequest, SaslAuthenticateResponseInit>({
  apiKey: 36,
  name: "SaslAuthenticate",
  minVersion: 0,
  maxVersion: 2,
  decode: decodeSaslAuthenticateRequest,
  encode: encodeSaslAuthenticateResponse,
  async handle(request, info, context) {
    const session = info.session;
    const empty = new Uint8Array();
    if (!context.auth || session.mechanism === null || session.rawTokenNext || session.principal !== null) {
      session.closeAfterResponse = true;
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: "SaslAuthenticate without a SaslHandshake v1", authBytes: empty };
    }
    const step = await saslStep(context.auth, session, request.authBytes, info.clientHost);
    if (step.ok) return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: step.token, sessionLifetimeMs: 0n };
    session.closeAfterResponse = true;
    context.logger.warn("kafka authentication failed", {
      clientHost: info.clientHost,
      mechanism: session.mechanism,
      user: step.username ?? null,
      reason: step.message,
    });
    return {
      errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
      errorMessage: `Authentication failed during authentication due to invalid credentials with SASL mechanism ${session.mechanism}`,
      authBytes: empty,
    };
  },
});
