/**
 * Single-binary builds of `mod.ts` for Linux x86_64 and aarch64.
 *
 * ```sh
 * ./node_modules/.bin/bun tools/build/compile.ts bun [x64] [arm64]     # npm run build
 * ./node_modules/.bin/deno run -A tools/build/compile.ts deno [x64] [arm64]   # deno task compile
 * ```
 *
 * Outputs: `dist/tributary-linux-<arch>` (Bun) and `dist/tributary-deno-linux-<arch>` (Deno).
 * The version is `broker/version.ts`'s constant, bundled like any other module.
 *
 * Why this is a script and not a one-line task:
 * - `cbor-x` loads the optional native addon `cbor-extract` when it can. A binary must not
 *   depend on it: the addon is built for the build host's arch, and Bun bakes the build host's
 *   `node_modules` path into the bundle, so the binary would load the addon from that path when
 *   it exists (on the build machine) and fall back elsewhere — two behaviours from one file.
 *   Bun: a plugin replaces the module with one that throws, which cbor-x catches and then uses
 *   its pure-JS decoder. Deno: the package is excluded from the embedded `node_modules`.
 * - Deno embeds the `node_modules` directory; dev-only packages (the `deno` and `bun` npm
 *   packages alone are ~200 MB) are excluded using `package-lock.json`'s `dev` flags.
 * - The Bun binary must not pick up a `.env` or `bunfig.toml` from the directory it is started
 *   in (systemd's working directory), so autoloading both is switched off.
 *
 * `deno compile` downloads its `denort` base binary from dl.deno.land on first use per target.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

/** The project root (two levels above this file). */
export const PROJECT_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

export type Arch = "x64" | "arm64";
export const ARCHES: readonly Arch[] = ["x64", "arm64"];

/** Where the Bun build of `arch` lands. */
export function bunBinaryPath(arch: Arch): string {
  return join(PROJECT_ROOT, "dist", `tributary-linux-${arch}`);
}

/** Where the Deno build of `arch` lands. */
export function denoBinaryPath(arch: Arch): string {
  return join(PROJECT_ROOT, "dist", `tributary-deno-linux-${arch}`);
}

/** Packages never embedded: the optional native CBOR addon (see the module comment). */
const NATIVE_ADDONS = ["cbor-extract"];

const DENO_TARGET: Record<Arch, string> = { x64: "x86_64-unknown-linux-gnu", arm64: "aarch64-unknown-linux-gnu" };

/** Top-level `node_modules/<pkg>` paths that `package-lock.json` marks dev-only, plus the addons. */
export function excludedNodeModules(root = PROJECT_ROOT): string[] {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const out = new Set(NATIVE_ADDONS.map((name) => `node_modules/${name}`));
  for (const [path, entry] of Object.entries(lock.packages)) {
    const isTopLevel = path.startsWith("node_modules/") && path.lastIndexOf("node_modules/") === 0;
    if (isTopLevel && entry.dev) out.add(path);
  }
  out.add("node_modules/.bin");
  return [...out].filter((path) => existsSync(join(root, path))).sort();
}

/** `deno compile` command line for `arch` (exported so a test can check it without denort). */
export function denoCompileArgs(arch: Arch, root = PROJECT_ROOT): string[] {
  return [
    "compile",
    "--allow-all",
    "--target",
    DENO_TARGET[arch],
    ...excludedNodeModules(root).flatMap((path) => ["--exclude", path]),
    "--output",
    denoBinaryPath(arch),
    join(root, "mod.ts"),
  ];
}

/** A Bun plugin that makes `require("cbor-extract")` throw, as if the addon were not installed. */
const withoutNativeAddons = {
  name: "without-native-addons",
  setup(build: {
    onResolve(o: { filter: RegExp }, f: (a: { path: string }) => { path: string; namespace: string }): void;
    onLoad(o: { filter: RegExp; namespace: string }, f: () => { contents: string; loader: "js" }): void;
  }) {
    const filter = new RegExp(`^(${NATIVE_ADDONS.join("|")})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: "native-addon" }));
    build.onLoad({ filter: /.*/, namespace: "native-addon" }, () => ({
      contents: `throw new Error("native addons are left out of the tributary binary");`,
      loader: "js",
    }));
  },
};

interface BunBuildApi {
  build(options: Record<string, unknown>): Promise<{ success: boolean; logs: unknown[] }>;
}

async function buildWithBun(arch: Arch): Promise<void> {
  const bun = (globalThis as unknown as { Bun?: BunBuildApi }).Bun;
  if (!bun) throw new Error("the Bun build runs under Bun: ./node_modules/.bin/bun tools/build/compile.ts bun");
  const outfile = bunBinaryPath(arch);
  const result = await bun.build({
    entrypoints: [join(PROJECT_ROOT, "mod.ts")],
    minify: true,
    plugins: [withoutNativeAddons],
    compile: {
      target: `bun-linux-${arch}`,
      outfile,
      autoloadDotenv: false,
      autoloadBunfig: false,
    },
  });
  if (!result.success) throw new Error(`bun build (${arch}) failed:\n${result.logs.map(String).join("\n")}`);
}

function buildWithDeno(arch: Arch): void {
  const deno = process.execPath.endsWith("deno") ? process.execPath : join(PROJECT_ROOT, "node_modules/.bin/deno");
  const res = spawnSync(deno, denoCompileArgs(arch), { cwd: PROJECT_ROOT, stdio: "inherit" });
  if (res.status !== 0) throw new Error(`deno compile (${arch}) failed with exit code ${res.status}`);
}

async function main(args: string[]): Promise<void> {
  const [tool, ...rest] = args;
  const arches = rest.length ? rest : [...ARCHES];
  if ((tool !== "bun" && tool !== "deno") || arches.some((a) => !ARCHES.includes(a as Arch))) {
    throw new Error("usage: compile.ts <bun|deno> [x64] [arm64]");
  }
  mkdirSync(resolve(PROJECT_ROOT, "dist"), { recursive: true });
  for (const arch of arches as Arch[]) {
    const started = performance.now();
    if (tool === "bun") await buildWithBun(arch);
    else buildWithDeno(arch);
    const path = tool === "bun" ? bunBinaryPath(arch) : denoBinaryPath(arch);
    const mib = (statSync(path).size / 2 ** 20).toFixed(1);
    console.log(`${path}  ${mib} MiB  ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (import.meta.main) {
  try {
    await main(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
