/** Run kcat (Debian `kcat`) asynchronously, so an in-process broker keeps serving it. */
import { spawn, spawnSync } from "node:child_process";

/** True when the kcat binary is installed. */
export const hasKcat = (() => {
  try {
    return spawnSync("kcat", ["-V"], { timeout: 5000 }).status === 0;
  } catch {
    return false;
  }
})();

export function kcat(args: string[], input = "", timeoutMs = 20000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("kcat", args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}
