/**
 * The configuration file: JSON with `//` and `/* *\/` comments (JSONC), so the documented
 * example can explain every key in place.
 *
 * @module
 */
import { ConfigError } from "./parse.ts";

/** Parse JSONC text; errors name the file. */
export function parseConfigText(text: string, fileName: string): unknown {
  try {
    return JSON.parse(stripComments(text));
  } catch (cause) {
    throw new ConfigError([`${fileName}: not valid JSON (comments allowed): ${(cause as Error).message}`], { cause });
  }
}

/** Remove comments outside string literals, keeping line structure for error positions. */
export function stripComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
