/**
 * The dashboard: one HTML page, no build step. It polls the public `/metrics` every two
 * seconds and derives rates from counter deltas, so it needs no admin token. The device list
 * comes from `/api/devices`, with the token given as `#token=…` in the page's URL when the
 * admin API has one (it stays in the browser: fragments are not sent to the server).
 *
 * @module
 */

/** The page served at `/dashboard`. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tributary</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #1d2733; background: #f6f8fa; }
  h1 { font-size: 1.3rem; margin: 0 0 1rem; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: .8rem; }
  .card { background: #fff; border: 1px solid #d5dde5; border-radius: 6px; padding: .8rem 1rem; }
  .card h2 { font-size: .8rem; text-transform: uppercase; color: #5a6b7d; margin: 0 0 .4rem; font-weight: 600; }
  .big { font-size: 1.8rem; font-variant-numeric: tabular-nums; }
  meter { width: 100%; height: 1.2rem; }
  table { border-collapse: collapse; width: 100%; margin-top: 1rem; background: #fff; }
  td, th { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #e3e8ee; font-variant-numeric: tabular-nums; }
  #status { color: #5a6b7d; font-size: .8rem; }
</style>
</head>
<body>
<h1>Tributary gateway <span id="status">connecting…</span></h1>
<div class="grid">
  <div class="card"><h2>Messages in /s</h2><div class="big" id="rate-in">0</div><div>MQTT publishes; log <span id="rate-log">0</span> records/s</div></div>
  <div class="card"><h2>Messages out /s</h2><div class="big" id="rate-out">0</div><div>MQTT deliveries</div></div>
  <div class="card"><h2>Bytes in / out /s</h2><div class="big" id="bytes">0 / 0</div></div>
  <div class="card"><h2>Connected devices</h2><div class="big" id="devices-online">0</div><div id="devices-detail"></div></div>
  <div class="card"><h2>Disk</h2><meter id="disk-meter" min="0" max="1" value="0"></meter><div id="disk-text"></div></div>
  <div class="card"><h2>Bridge</h2><div class="big" id="bridge-state">—</div><div id="bridge-lag"></div></div>
</div>
<table><thead><tr><th>Topic</th><th>Records /s</th><th>High watermark</th></tr></thead><tbody id="topics"></tbody></table>
<table><thead><tr><th>Device</th><th>State</th><th>Last seen</th><th>Model</th><th>Location</th></tr></thead><tbody id="devices"></tbody></table>
<div id="devices-note"></div>
<script>
"use strict";
const parse = (text) => {
  const out = [];
  for (const line of text.split("\\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\\w:]*)(?:\\{(.*)\\})?\\s+(\\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] || "").matchAll(/(\\w+)="((?:[^"\\\\]|\\\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
};
// The bridge exports one tributary_bridge_state series per state; the current one is 1.
const bridgeState = (rows) => rows.find((r) => r.name === "tributary_bridge_state" && r.value === 1)?.labels.state ?? "unknown";
const sum = (rows, name, pred) => rows.filter((r) => r.name === name && (!pred || pred(r.labels))).reduce((s, r) => s + r.value, 0);
const fmt = (n) => n >= 1e6 ? (n / 1e6).toFixed(1) + "M" : n >= 1e3 ? (n / 1e3).toFixed(1) + "k" : n.toFixed(n < 10 && n % 1 ? 1 : 0);
const bytes = (n) => n >= 1 << 30 ? (n / (1 << 30)).toFixed(2) + " GiB" : n >= 1 << 20 ? (n / (1 << 20)).toFixed(1) + " MiB" : (n / 1024).toFixed(1) + " KiB";
let prev = null;
async function tick() {
  let rows;
  try {
    rows = parse(await (await fetch("/metrics", { cache: "no-store" })).text());
  } catch (e) {
    document.getElementById("status").textContent = "unreachable";
    return;
  }
  const now = performance.now();
  const cur = {
    in: sum(rows, "tributary_mqtt_messages_received_total"),
    log: sum(rows, "tributary_log_appended_records_total"),
    out: sum(rows, "tributary_mqtt_messages_delivered_total"),
    rx: sum(rows, "tributary_net_received_bytes_total"),
    tx: sum(rows, "tributary_net_sent_bytes_total"),
    topics: new Map(),
  };
  for (const r of rows) if (r.name === "tributary_topic_high_watermark" && !r.labels.topic.startsWith("__")) {
    cur.topics.set(r.labels.topic, (cur.topics.get(r.labels.topic) || 0) + r.value);
  }
  if (prev) {
    const dt = (now - prev.at) / 1000;
    const rate = (k) => Math.max(0, (cur[k] - prev[k]) / dt);
    document.getElementById("rate-in").textContent = fmt(rate("in"));
    document.getElementById("rate-log").textContent = fmt(rate("log"));
    document.getElementById("rate-out").textContent = fmt(rate("out"));
    document.getElementById("bytes").textContent = bytes(rate("rx")) + " / " + bytes(rate("tx"));
    const body = document.getElementById("topics");
    body.replaceChildren(...[...cur.topics].sort().map(([t, hw]) => {
      const tr = document.createElement("tr");
      for (const v of [t, fmt(Math.max(0, (hw - (prev.topics.get(t) ?? hw)) / dt)), String(hw)]) {
        const td = document.createElement("td");
        td.textContent = v;
        tr.append(td);
      }
      return tr;
    }));
  }
  cur.at = now;
  prev = cur;
  const online = sum(rows, "tributary_devices_online");
  const registered = sum(rows, "tributary_devices_registered");
  document.getElementById("devices-online").textContent = String(online);
  document.getElementById("devices-detail").textContent =
    registered + " registered, " + sum(rows, "tributary_mqtt_connections") + " MQTT connections";
  const used = sum(rows, "tributary_disk_used_bytes");
  const budget = sum(rows, "tributary_disk_budget_bytes");
  const meter = document.getElementById("disk-meter");
  meter.value = budget > 0 ? Math.min(1, used / budget) : 0;
  document.getElementById("disk-text").textContent = bytes(used) + (budget > 0 ? " of " + bytes(budget) + " budget" : " (no budget)");
  const configured = rows.some((r) => r.name === "tributary_bridge_configured" && r.value === 1);
  document.getElementById("bridge-state").textContent = configured ? bridgeState(rows) : "not configured";
  document.getElementById("bridge-lag").textContent = configured ? "lag " + fmt(sum(rows, "tributary_bridge_lag_records")) + " records" : "";
  document.getElementById("status").textContent = "updated " + new Date().toLocaleTimeString();
}
const token = new URLSearchParams(location.hash.slice(1)).get("token");
const cell = (text) => {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
};
async function devices() {
  const res = await fetch("/api/devices", token ? { headers: { authorization: "Bearer " + token } } : {}).catch(() => null);
  const note = document.getElementById("devices-note");
  if (!res || !res.ok) {
    note.textContent = res && res.status === 401 ? "Add #token=<admin token> to the URL to list devices." : "Device registry not available.";
    return;
  }
  note.textContent = "";
  const list = await res.json();
  list.sort((a, b) => Number(b.online) - Number(a.online) || (a.id < b.id ? -1 : 1));
  document.getElementById("devices").replaceChildren(...list.slice(0, 100).map((d) => {
    const tr = document.createElement("tr");
    tr.append(
      cell(d.id),
      cell(d.disabled ? "disabled" : d.online ? "online" : "offline"),
      cell(d.lastSeen ? new Date(d.lastSeen).toLocaleString() : "never"),
      cell(d.metadata.model || ""),
      cell(d.metadata.location || ""),
    );
    return tr;
  }));
}
tick();
devices();
setInterval(tick, 2000);
setInterval(devices, 5000);
</script>
</body>
</html>
`;
