/** The generator's schema model: comment stripping, version ranges, names, registry. */
import { describe, expect, test } from "bun:test";
import { snakeCase } from "../../../tools/codegen/apis.ts";
import { camelCase } from "../../../tools/codegen/field_model.ts";
import { parseMessageSpec, stripJsonComments } from "../../../tools/codegen/spec.ts";
import { buildRegistry } from "../../../tools/codegen/structs.ts";
import { formatVersions, parseVersions, versionCondition } from "../../../tools/codegen/versions.ts";

describe("codegen model", () => {
  test("comments are stripped outside strings only", () => {
    const text = `// header\n{ "about": "see https://kafka.apache.org // not a comment", // trailing\n "n": 1 }`;
    expect(JSON.parse(stripJsonComments(text))).toEqual({ about: "see https://kafka.apache.org // not a comment", n: 1 });
  });

  test("version ranges", () => {
    expect(formatVersions(parseVersions("3+"))).toBe("3+");
    expect(formatVersions(parseVersions("0-2"))).toBe("0-2");
    expect(formatVersions(parseVersions("none"))).toBe("none");
    expect(formatVersions(parseVersions("5"))).toBe("5");
    expect(() => parseVersions("3-1")).toThrow();
    const ctx = parseVersions("0-11");
    expect(versionCondition(parseVersions("0+"), ctx)).toBe("true");
    expect(versionCondition(parseVersions("12+"), ctx)).toBe("false");
    expect(versionCondition(parseVersions("3+"), ctx)).toBe("version >= 3");
    expect(versionCondition(parseVersions("2-4"), ctx)).toBe("version >= 2 && version <= 4");
  });

  test("names", () => {
    expect(snakeCase("OffsetForLeaderEpochRequest")).toBe("offset_for_leader_epoch_request");
    expect(snakeCase("DescribeLogDirsResponse")).toBe("describe_log_dirs_response");
    expect(camelCase("ThrottleTimeMs")).toBe("throttleTimeMs");
  });

  test("registry: nested and common structs get version contexts from their fields", () => {
    const spec = parseMessageSpec(`{
      "apiKey": 99, "type": "response", "name": "DemoResponse",
      "validVersions": "0-5", "flexibleVersions": "3+",
      "fields": [
        { "name": "Items", "type": "[]Item", "versions": "2+", "fields": [
          { "name": "Id", "type": "int32", "versions": "0+" },
          { "name": "Ref", "type": "Shared", "versions": "4+" }
        ]}
      ],
      "commonStructs": [
        { "name": "Shared", "versions": "0+", "fields": [ { "name": "X", "type": "float64", "versions": "0+" } ] }
      ]
    }`);
    const reg = buildRegistry(spec);
    expect(reg.structs.map((s) => [s.tsName, formatVersions(s.ctx)])).toEqual([
      ["DemoResponse", "0-5"],
      ["DemoResponseItem", "2-5"],
      ["DemoResponseShared", "4-5"],
    ]);
  });
});
