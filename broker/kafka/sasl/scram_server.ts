/**
 * SCRAM server exchange (RFC 5802 §5, RFC 7677; Kafka's `ScramSaslServer`, KIP-84):
 * client-first → server-first → client-final → server-final, checked against a stored
 * credential (salt, iterations, StoredKey, ServerKey), never the password.
 *
 * Like Kafka: no channel binding (gs2 flag `n` or `y`, `p=` refused), an authzid must equal
 * the user name, extensions in client-first are ignored, an unknown user fails at once
 * (Kafka does not fake a salt either), and the client-final nonce need only end with the
 * combined nonce (librdkafka repeats the client part).
 *
 * @module
 */
import {
  attributes,
  constantTimeEqual,
  digest,
  fromBase64,
  hmac,
  randomNonce,
  type ScramCredential,
  type ScramMechanism,
  toBase64,
  unescapeName,
  xor,
} from "./scram.ts";

/** Why an exchange failed; `message` is for the log and the client's error message. */
export class ScramAuthenticationError extends Error {
  override readonly name = "ScramAuthenticationError";
  constructor(message: string, readonly username?: string) {
    super(message);
  }
}

/** Looks up the stored credential of a user for a mechanism; null when there is none. */
export type ScramCredentialLookup = (username: string, mechanism: ScramMechanism) => Promise<ScramCredential | null> | ScramCredential | null;

const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/**
 * One server-side exchange. Feed each client message to {@link ScramServer.step}; it answers
 * the next server message and, after the final one, `username` is the authenticated user.
 *
 * @example
 * ```ts
 * const server = new ScramServer("SCRAM-SHA-256", lookup);
 * const serverFirst = await server.step(clientFirst);
 * const serverFinal = await server.step(clientFinal); // throws ScramAuthenticationError
 * server.complete; // true
 * ```
 */
export class ScramServer {
  #state: "first" | "final" | "done" | "failed" = "first";
  #username = "";
  #gs2Header = "";
  #clientFirstBare = "";
  #serverFirst = "";
  #nonce = "";
  #credential: ScramCredential | null = null;

  constructor(
    readonly mechanism: ScramMechanism,
    private readonly lookup: ScramCredentialLookup,
    private readonly serverNonce: string = randomNonce(),
  ) {}

  /** True once the client's proof has been verified. */
  get complete(): boolean {
    return this.#state === "done";
  }

  /** The authenticated user (after completion), or the claimed one (for log lines). */
  get username(): string {
    return this.#username;
  }

  /** Process one client message; resolves to the server's answer. */
  async step(token: Uint8Array): Promise<Uint8Array> {
    let message: string;
    try {
      message = decoder.decode(token);
    } catch {
      throw new ScramAuthenticationError("SCRAM message is not UTF-8", this.#username || undefined);
    }
    if (this.#state === "first") {
      this.#state = "failed";
      return encoder.encode(await this.#first(message));
    }
    if (this.#state === "final") return encoder.encode(await this.#final(message));
    throw new ScramAuthenticationError("SCRAM exchange already complete", this.#username);
  }

  async #first(message: string): Promise<string> {
    // gs2-header = gs2-cbind-flag "," [ authzid ] ","
    const m = /^([ny]),(a=[^,]*)?,(.*)$/s.exec(message);
    if (!m) {
      if (message.startsWith("p=")) throw new ScramAuthenticationError("SCRAM channel binding is not supported");
      throw new ScramAuthenticationError("malformed SCRAM client-first-message");
    }
    this.#gs2Header = `${m[1]},${m[2] ?? ""},`;
    this.#clientFirstBare = m[3]!;
    if (!this.#clientFirstBare.startsWith("n=")) throw new ScramAuthenticationError("SCRAM client-first-message lacks n=");
    const a = attributes(this.#clientFirstBare);
    if (this.#clientFirstBare.startsWith("m=")) throw new ScramAuthenticationError("SCRAM mandatory extensions are not supported");
    const username = unescapeName(a.get("n") ?? "");
    const clientNonce = a.get("r") ?? "";
    if (!username || !clientNonce) throw new ScramAuthenticationError("SCRAM client-first-message lacks user name or nonce");
    this.#username = username;
    const authzid = m[2] ? unescapeName(m[2].slice(2)) : "";
    if (authzid && authzid !== username) throw new ScramAuthenticationError("SCRAM authorization id differs from the user name", username);
    const credential = await this.lookup(username, this.mechanism);
    if (!credential) throw new ScramAuthenticationError(`no ${this.mechanism} credential for user`, username);
    this.#credential = credential;
    this.#nonce = clientNonce + this.serverNonce;
    this.#serverFirst = `r=${this.#nonce},s=${toBase64(credential.salt)},i=${credential.iterations}`;
    this.#state = "final";
    return this.#serverFirst;
  }

  async #final(message: string): Promise<string> {
    this.#state = "failed"; // any failure below leaves the exchange unusable
    const proofAt = message.lastIndexOf(",p=");
    if (proofAt < 0) throw new ScramAuthenticationError("SCRAM client-final-message lacks a proof", this.#username);
    const withoutProof = message.slice(0, proofAt);
    const a = attributes(withoutProof);
    if (a.get("c") !== btoa(this.#gs2Header)) throw new ScramAuthenticationError("SCRAM channel binding data does not match", this.#username);
    // Kafka's ScramSaslServer checks `endsWith`: librdkafka (≤ 2.x) sends the client nonce
    // followed by the whole server nonce; the proof still covers exactly what was sent.
    if (!(a.get("r") ?? "").endsWith(this.#nonce)) throw new ScramAuthenticationError("SCRAM nonce does not match", this.#username);
    let proof: Uint8Array;
    try {
      proof = fromBase64(message.slice(proofAt + 3));
    } catch {
      throw new ScramAuthenticationError("SCRAM proof is not base64", this.#username);
    }
    const credential = this.#credential!;
    const authMessage = `${this.#clientFirstBare},${this.#serverFirst},${withoutProof}`;
    const clientSignature = await hmac(this.mechanism, credential.storedKey, authMessage);
    if (proof.length !== clientSignature.length) throw new ScramAuthenticationError("SCRAM proof has the wrong length", this.#username);
    const clientKey = xor(proof, clientSignature);
    if (!constantTimeEqual(await digest(this.mechanism, clientKey), credential.storedKey)) {
      throw new ScramAuthenticationError("invalid credentials", this.#username);
    }
    this.#state = "done";
    return `v=${toBase64(await hmac(this.mechanism, credential.serverKey, authMessage))}`;
  }
}
