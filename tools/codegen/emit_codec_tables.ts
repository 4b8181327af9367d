/**
 * Emits the two direction tables, so each side imports only what it uses:
 * `broker_codecs.ts` (decode requests, encode responses — the server) and
 * `client_codecs.ts` (encode requests, decode responses — the bridge's upstream client).
 * Each entry keeps its own function types, so `BROKER_CODECS[0].decodeRequest` returns a
 * ProduceRequest without casts.
 *
 * @module
 */

import { snakeCase } from "./apis.ts";
import { CodeWriter } from "./code_writer.ts";
import type { ApiRow } from "./emit_api_keys.ts";
import { banner } from "./emit_message.ts";

/** Which half of the codecs a table holds. */
export type Direction = "broker" | "client";

/** The text of `broker_codecs.ts` or `client_codecs.ts`. */
export function emitCodecTable(rows: readonly ApiRow[], direction: Direction): string {
  const broker = direction === "broker";
  const generated = rows.filter((r) => r.generated);
  const c = new CodeWriter();
  for (const { request, response } of generated) {
    const req = broker ? `decode${request.name}` : `encode${request.name}`;
    const res = broker ? `encode${response.name}` : `decode${response.name}`;
    c.line(`import { ${req} } from "./${snakeCase(request.name)}.ts";`);
    c.line(`import { ${res} } from "./${snakeCase(response.name)}.ts";`);
  }
  c.line();
  const table = broker ? "BROKER_CODECS" : "CLIENT_CODECS";
  c.doc(broker
    ? "The broker's half of every generated API, by api key: decode the request, encode the " +
      "response. Versions are the schema's validVersions."
    : "The upstream client's half of every generated API, by api key: encode the request, " +
      "decode the response. Versions are the schema's validVersions.");
  c.open(`export const ${table} = {`);
  for (const { request, response } of generated) {
    const name = request.name.replace(/Request$/, "");
    const v = request.validVersions;
    c.open(`${request.apiKey}: {`);
    c.line(`name: "${name}",`);
    c.line(`minVersion: ${v.lo},`);
    c.line(`maxVersion: ${v.hi},`);
    if (broker) {
      c.line(`decodeRequest: decode${request.name},`);
      c.line(`encodeResponse: encode${response.name},`);
    } else {
      c.line(`encodeRequest: encode${request.name},`);
      c.line(`decodeResponse: decode${response.name},`);
    }
    c.close("},");
  }
  c.close("} as const;");
  c.line();
  c.doc(`An api key with generated codecs.`);
  c.line(`export type ${broker ? "Broker" : "Client"}ApiKey = keyof typeof ${table};`);
  return `${banner("the generator's API list")}\n${c.toString()}`;
}
