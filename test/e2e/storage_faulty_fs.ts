/**
 * A `FileSystem` over `MemoryFileSystem` whose faults hit only files under a chosen directory
 * (one partition), so a background write elsewhere (MQTT session state, consumer offsets)
 * cannot take a fault meant for the partition under test. The faults themselves are the
 * memory filesystem's: armed right before the matching write or sync is passed on.
 */
import { MemoryFileSystem, systemError } from "../../broker/runtime/mod.ts";
import type { FileHandle, FileSystem, OpenOptions } from "../../broker/runtime/types.ts";

type Fault = { op: "write" } | { op: "sync"; forgetDirty: boolean };

export class TargetedFaults {
  readonly mem = new MemoryFileSystem();
  #armed: Array<Fault & { under: string }> = [];
  /** Faults that reached their file. */
  fired = 0;

  /** The next data write to a file under `dir` fails with EIO (nothing of it lands). */
  failWrite(dir: string): void {
    this.#armed.push({ op: "write", under: dir });
  }

  /** The next fsync/fdatasync of a file under `dir` fails with EIO and drops its dirty pages. */
  failSync(dir: string): void {
    this.#armed.push({ op: "sync", under: dir, forgetDirty: true });
  }

  get pending(): number {
    return this.#armed.length;
  }

  #take(op: Fault["op"], path: string): Fault | undefined {
    const i = this.#armed.findIndex((f) => f.op === op && path.startsWith(f.under + "/"));
    if (i < 0) return undefined;
    this.fired++;
    return this.#armed.splice(i, 1)[0];
  }

  get fs(): FileSystem {
    const m = this.mem;
    return {
      open: async (path: string, options?: OpenOptions) => this.#wrap(path, await m.open(path, options)),
      readFile: (p) => m.readFile(p),
      writeFile: (p, b) => m.writeFile(p, b),
      rename: (a, b) => m.rename(a, b),
      remove: (p, o) => m.remove(p, o),
      mkdir: (p, o) => m.mkdir(p, o),
      readDir: (p) => m.readDir(p),
      stat: (p) => m.stat(p),
      syncDir: (p) => m.syncDir(p),
      diskSpace: (p) => m.diskSpace(p),
    };
  }

  #wrap(path: string, h: FileHandle): FileHandle {
    const sync = (full: boolean) => () => {
      const fault = this.#take("sync", path);
      if (fault?.op === "sync") this.mem.failNextSync(systemError("EIO", `injected fsync failure on ${path}`), { forgetDirty: fault.forgetDirty });
      return full ? h.sync() : h.datasync();
    };
    return {
      read: (b, p) => h.read(b, p),
      write: (b, p) => {
        if (this.#take("write", path)) this.mem.failNextWrite(systemError("EIO", `injected write failure on ${path}`));
        return h.write(b, p);
      },
      sync: sync(true),
      datasync: sync(false),
      truncate: (n) => h.truncate(n),
      size: () => h.size(),
      close: () => h.close(),
    };
  }
}
