/** The host's FileSystem adapter and MemoryFileSystem pass the same conformance suite. */
import { currentRuntime, MemoryFileSystem } from "../../broker/runtime/mod.ts";
import { fileSystemConformance } from "./_fs_conformance.ts";
import { makeTempDir } from "./_temp.ts";

const runtime = currentRuntime();

fileSystemConformance(`${runtime.name} adapter`, async () => {
  const root = await makeTempDir(runtime, "fs");
  return { fs: runtime.fs, root, cleanup: () => runtime.fs.remove(root, { recursive: true }) };
});

fileSystemConformance("MemoryFileSystem", async () => {
  const fs = new MemoryFileSystem();
  await fs.mkdir("/tmp/conformance", { recursive: true });
  return { fs, root: "/tmp/conformance", cleanup: async () => {} };
});
