import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../../broker/", import.meta.url).pathname;

describe("runtime isolation", () => {
  test("broker/log and broker/topics use only the FileSystem interface", () => {
    const offenders: string[] = [];
    for (const folder of ["log", "topics"]) {
      for (const name of readdirSync(join(root, folder))) {
        if (!name.endsWith(".ts")) continue;
        const text = readFileSync(join(root, folder, name), "utf8");
        if (/\bDeno\.|\bBun\.|from\s+["']node:|require\(|\bprocess\./.test(text)) offenders.push(`${folder}/${name}`);
        for (const m of text.matchAll(/from\s+["'](\.\.\/runtime\/[^"']+)["']/g)) {
          if (!["../runtime/types.ts", "../runtime/atomic.ts"].includes(m[1]!)) offenders.push(`${folder}/${name} imports ${m[1]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
