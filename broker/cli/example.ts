/**
 * Renders the documented example configuration (every key, its default and meaning) from the
 * key table, so the example can never drift from the code. `tributary config example` prints it;
 * `tributary.example.jsonc` in the repository is its output (a test keeps them equal).
 *
 * @module
 */
import { configKeys } from "../config/mod.ts";
import { envName, flagName } from "./sources.ts";

export function renderExampleConfig(): string {
  const lines = [
    "// Tributary configuration. Every key is optional; shown here with its default.",
    "// Precedence: defaults < this file (--config) < TRIBUTARY_* variables < command-line flags.",
    "{",
  ];
  const root: Record<string, unknown> = {};
  for (const k of configKeys) insert(root, k.path.split("."));
  render(root, "", 1, lines);
  lines.push("}");
  return lines.join("\n") + "\n";
}

function insert(node: Record<string, unknown>, parts: string[]): void {
  const [head, ...rest] = parts;
  if (rest.length === 0) node[head!] = true;
  else insert((node[head!] ??= {}) as Record<string, unknown>, rest);
}

function render(node: Record<string, unknown>, prefix: string, depth: number, lines: string[]): void {
  const pad = "  ".repeat(depth);
  const entries = Object.entries(node);
  entries.forEach(([key, child], i) => {
    const comma = i < entries.length - 1 ? "," : "";
    const path = prefix + key;
    if (child === true) {
      const spec = configKeys.find((k) => k.path === path)!;
      lines.push(`${pad}// ${spec.doc}`, `${pad}// flag --${flagName(spec)}, variable ${envName(spec)}`);
      lines.push(`${pad}${JSON.stringify(key)}: ${JSON.stringify(spec.default)}${comma}`);
    } else {
      lines.push(`${pad}${JSON.stringify(key)}: {`);
      render(child as Record<string, unknown>, path + ".", depth + 1, lines);
      lines.push(`${pad}}${comma}`);
    }
  });
}
