/**
 * Emits `headers.ts`: request and response header codecs from RequestHeader.json and
 * ResponseHeader.json, with the header-version rules from special_cases.ts.
 *
 * @module
 */

import { CodeWriter } from "./code_writer.ts";
import { banner, emitMessageBody, importsFor } from "./emit_message.ts";
import { API_VERSIONS_FALLBACK, HEADER_VERSION_RULES, pinClientIdNotFlexible } from "./special_cases.ts";
import type { MessageSpec } from "./spec.ts";

/** The text of `headers.ts`. */
export function emitHeaders(requestHeader: MessageSpec, responseHeader: MessageSpec): string {
  const req = emitMessageBody(pinClientIdNotFlexible(requestHeader), "RequestHeaderAt", false);
  const res = emitMessageBody(responseHeader, "ResponseHeaderAt", false);
  const c = new CodeWriter();
  c.doc("Decode a request header; its version follows from the API key and version it starts " +
    "with (see requestHeaderVersion). Throws KafkaDecodeError on malformed input.");
  c.open("export function decodeRequestHeader(r: ByteReader): RequestHeader {");
  c.line("const b = r.bytes, p = r.position;");
  c.line("const apiKey = r.remaining >= 2 ? ((b[p]! << 24) >> 16) | b[p + 1]! : -1;");
  c.line("const apiVersion = r.remaining >= 4 ? ((b[p + 2]! << 24) >> 16) | b[p + 3]! : 0;");
  c.line("return decodeRequestHeaderAt(r, requestHeaderVersion(apiKey, apiVersion));");
  c.close();
  c.line();
  c.doc("Encode a request header at the version its API key and version call for.");
  c.open("export function encodeRequestHeader(w: ByteWriter, h: RequestHeaderInit): void {");
  c.line("encodeRequestHeaderAt(w, h, requestHeaderVersion(h.requestApiKey, h.requestApiVersion));");
  c.close();
  c.line();
  c.doc("Encode the response header for a request's API key and version (KIP-511 for ApiVersions).");
  c.open("export function encodeResponseHeader(");
  c.line("w: ByteWriter,");
  c.line("correlationId: number,");
  c.line("apiKey: number,");
  c.line("apiVersion: number,");
  c.reopen("): void {");
  c.line("encodeResponseHeaderAt(w, { correlationId }, responseHeaderVersion(apiKey, apiVersion));");
  c.close();
  c.line();
  c.doc("Decode the response header of a request we sent with `apiKey` at `apiVersion`.");
  c.open("export function decodeResponseHeader(");
  c.line("r: ByteReader,");
  c.line("apiKey: number,");
  c.line("apiVersion: number,");
  c.reopen("): ResponseHeader {");
  c.line("return decodeResponseHeaderAt(r, responseHeaderVersion(apiKey, apiVersion));");
  c.close();
  const body = `${HEADER_VERSION_RULES}\n${c.toString()}\n${API_VERSIONS_FALLBACK}\n${req}\n${res}`;
  const imports = importsFor(body, "../") +
    `import { isFlexibleVersion } from "./api_keys.ts";\n` +
    `import { type ApiVersionsResponse, decodeApiVersionsResponse } from "./api_versions_response.ts";\n`;
  return `${banner("RequestHeader.json, ResponseHeader.json")}\n${imports}\n${body}`.replace(/\n+$/, "\n");
}
