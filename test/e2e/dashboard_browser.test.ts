/**
 * The dashboard in a real browser: Debian's chromium, headless, driven by playwright-core,
 * loads the page while the fleet simulator publishes through the broker process; the
 * displayed message rate becomes non-zero, the registered device is listed (admin token from
 * the URL fragment), and a screenshot is saved under `test/artifacts/`.
 * Needs the `chromium` package (skipped, and said so, without /usr/bin/chromium).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type BrowserServer, chromium } from "playwright-core";
import { type BrokerProcess, hostCommand, projectRoot, startBrokerProcess, tempDir } from "../_support/broker_process.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const T = 120_000;
const TOKEN = "dash-token";

if (!hasChromium) console.warn(`dashboard browser test skipped: ${CHROMIUM} missing (apt-get install chromium)`);

describe.skipIf(!hasChromium)("dashboard in chromium", () => {
  const dir = tempDir();
  let broker: BrokerProcess;
  let simulator: ChildProcess | undefined;
  let server: BrowserServer | undefined;

  beforeAll(async () => {
    broker = await startBrokerProcess("bun", { dataDir: dir.path, args: ["--http-admin-token", TOKEN] });
    const res = await fetch(`http://127.0.0.1:${broker.ports.http}/api/devices`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ id: "greenhouse-1", metadata: { model: "TH-1", location: "greenhouse" } }),
    });
    expect(res.status).toBe(201);
    const [cmd, args] = hostCommand("bun", ["devices", "simulate", "--count", "20", "--rate", "5", "--codec", "cbor", "--mqtt-port", String(broker.ports.mqtt)]);
    simulator = spawn(cmd, args, { cwd: projectRoot, stdio: ["ignore", "ignore", "ignore"] });
    server = await chromium.launchServer({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  }, T);

  afterAll(async () => {
    const pids = [server?.process().pid, simulator?.pid].filter((p): p is number => p !== undefined);
    await server?.close().catch(() => {});
    if (simulator && simulator.exitCode === null) {
      const exited = new Promise((r) => simulator!.once("exit", r));
      process.kill(simulator.pid!, "SIGTERM");
      await exited;
    }
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL"); // already gone in the normal case
      } catch {
        // exited
      }
    }
    await broker?.stop();
    dir.cleanup();
  });

  test("the displayed message rate becomes non-zero while the simulator runs", async () => {
    const browser = await chromium.connect(server!.wsEndpoint());
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      await page.goto(`http://127.0.0.1:${broker.ports.http}/dashboard#token=${TOKEN}`);
      await page.waitForFunction(() => parseFloat(document.getElementById("rate-in")?.textContent ?? "0") > 0, undefined, { timeout: 60_000 });
      // Per-topic rates move once the partition gauges have refreshed.
      await page.waitForFunction(
        () => Array.from(document.querySelectorAll("#topics tr")).some((tr) => parseFloat(tr.children[1]?.textContent ?? "0") > 0),
        undefined,
        { timeout: 60_000 },
      );
      expect(await page.textContent("#bridge-state")).toBe("not configured");
      expect(await page.textContent("#topics")).toContain("mqtt-messages");
      await page.waitForFunction(() => document.querySelectorAll("#devices tr").length > 0, undefined, { timeout: 30_000 });
      expect(await page.textContent("#devices")).toContain("greenhouse-1offline");
      mkdirSync(join(projectRoot, "test/artifacts"), { recursive: true });
      await page.screenshot({ path: join(projectRoot, "test/artifacts/dashboard.png"), fullPage: true });
      expect(existsSync(join(projectRoot, "test/artifacts/dashboard.png"))).toBe(true);
    } finally {
      await browser.close();
    }
  }, T);
});
