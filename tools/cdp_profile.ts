/**
 * CPU-profile a Deno process started with `--inspect=HOST:PORT` through the V8 inspector
 * protocol (Deno has no --cpu-prof). Used by prof_qos1.ts: start() before the load, stop()
 * after; stop() returns the top functions by self time, then by inclusive time (samples with
 * the function anywhere on the stack).
 */
export async function cdpProfiler(inspectPort: number, mode: "cpu" | "heap" = "cpu"): Promise<{ stop: () => Promise<string> }> {
  let list: Array<{ webSocketDebuggerUrl: string }> = [];
  for (let i = 0; i < 100 && list.length === 0; i++) {
    try {
      list = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const ws = new WebSocket(list[0]!.webSocketDebuggerUrl);
  await new Promise((r) => (ws.onopen = r));
  let id = 0;
  const waiting = new Map<number, (v: any) => void>();
  ws.onmessage = (e) => {
    const m = JSON.parse(String(e.data));
    if (m.id !== undefined) waiting.get(m.id)?.(m.result);
  };
  const call = (method: string, params: object = {}) =>
    new Promise<any>((resolve) => {
      const n = ++id;
      waiting.set(n, resolve);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  if (mode === "heap") {
    // Sampled allocations still alive when stop() is called, by allocating function: called
    // while the load runs, it shows what survives (what the scavenger copies and promotes).
    await call("HeapProfiler.enable");
    await call("HeapProfiler.startSampling", { samplingInterval: 1024 });
    return {
      async stop() {
        const { profile } = await call("HeapProfiler.getSamplingProfile");
        await call("HeapProfiler.stopSampling");
        ws.close();
        const live = new Map<string, number>();
        let total = 0;
        const visit = (n: any) => {
          const cf = n.callFrame;
          const key = `${cf.functionName || "(anon)"} ${cf.url.replace(/^file:\/\/\/work\/main\//, "")}:${cf.lineNumber + 1}`;
          live.set(key, (live.get(key) ?? 0) + n.selfSize);
          total += n.selfSize;
          for (const c of n.children ?? []) visit(c);
        };
        visit(profile.head);
        const top = [...live].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 45));
        return `live sampled bytes ${(total / 1e6).toFixed(1)} MB\n` + top.map(([k, b]) => `${(b / 1e6).toFixed(2).padStart(7)} MB  ${k}`).join("\n");
      },
    };
  }
  await call("Profiler.enable");
  await call("Profiler.setSamplingInterval", { interval: 200 });
  await call("Profiler.start");
  return {
    async stop() {
      const { profile } = await call("Profiler.stop");
      ws.close();
      const nodes = new Map<number, any>();
      for (const n of profile.nodes) nodes.set(n.id, n);
      const self = new Map<string, number>();
      const counts = new Map<number, number>();
      for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
      let total = 0;
      for (const [nid, c] of counts) {
        const cf = nodes.get(nid).callFrame;
        const key = `${cf.functionName || "(anon)"} ${cf.url.replace(/^file:\/\/\/work\/main\//, "")}:${cf.lineNumber + 1}`;
        self.set(key, (self.get(key) ?? 0) + c);
        total += c;
      }
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 45));
      const selfText = top.map(([k, c]) => `${((c / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join("\n");
      // Inclusive time: a sample counts once for every distinct function on its stack.
      const parent = new Map<number, number>();
      for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
      const inclusive = new Map<string, number>();
      for (const [nid, c] of counts) {
        const seen = new Set<string>();
        for (let at: number | undefined = nid; at !== undefined; at = parent.get(at)) {
          const cf = nodes.get(at).callFrame;
          const key = `${cf.functionName || "(anon)"} ${cf.url.replace(/^file:\/\/\/work\/main\//, "")}:${cf.lineNumber + 1}`;
          if (seen.has(key) || cf.url === "") continue;
          seen.add(key);
          inclusive.set(key, (inclusive.get(key) ?? 0) + c);
        }
      }
      const topInclusive = [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 45));
      return `${selfText}\n-- inclusive --\n${topInclusive.map(([k, c]) => `${((c / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join("\n")}`;
    },
  };
}
