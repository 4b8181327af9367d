/**
 * Crash safety of MQTT QoS 1 acknowledgements with the broker as a separate process: three
 * pipelining QoS 1 publishers (raw TCP, see test/bench/mqtt_loadgen.ts) count the message ids
 * PUBACKed to them while the broker is SIGKILLed at a random moment, then restarted on the same
 * data directory — alternately under Deno and Bun — `MQTT_CRASH_CYCLES` times (default 20).
 * Afterwards kcat reads the mapped topic and every PUBACKed message must be there. Duplicates
 * are allowed (QoS 1 is at-least-once), losses are not.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { type BrokerProcess, hosts, run, startBrokerProcess, tempDir } from "../_support/broker_process.ts";
import { encodePublishes, rawConnect, runPublisher } from "../bench/mqtt_loadgen.ts";

setDefaultTimeout(600_000);
const CYCLES = Number(process.env.MQTT_CRASH_CYCLES ?? 20);
const PUBLISHERS = 3;
const PER_CYCLE = 2000;
const HOST = "127.0.0.1";
const rules = [{ filter: "crash/+", topic: "crash", key: "{segment:1}", partitions: 3 }];
const args = ["--set", `mqtt.rules=${JSON.stringify(rules)}`];
const enc = new TextEncoder();

/** Message identity as printable text in the first 16 payload bytes: "p<publisher>-<seq>". */
function label(publisher: number, seq: number): string {
  return `p${publisher}-${String(seq).padStart(12, "0")}`.slice(0, 16).padEnd(16, "_");
}

const data = tempDir("tributary-mqtt-crash-");
let broker: BrokerProcess | undefined;
afterAll(async () => {
  await broker?.kill();
  data.cleanup();
});

describe("MQTT QoS 1 publishers while the broker is SIGKILLed", () => {
  test(`${CYCLES} SIGKILLs at random moments (Deno and Bun in turn, one data dir): every PUBACKed message is in the log`, async () => {
    const acked = new Set<string>();
    const nextSeq = new Array<number>(PUBLISHERS).fill(0);
    let cyclesWithAcks = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const host = hosts[cycle % hosts.length]!;
      broker = await startBrokerProcess(host, { dataDir: data.path, args });
      const port = broker.ports.mqtt!;
      // Kill after a random number of acknowledgements (possibly none: during connect).
      const killAfter = Math.floor(Math.random() * PUBLISHERS * PER_CYCLE * 0.9);
      let ackedThisCycle = 0;
      let releaseKill!: () => void;
      const killPoint = new Promise<void>((r) => (releaseKill = r));
      if (killAfter === 0) releaseKill();

      const publishers = Array.from({ length: PUBLISHERS }, async (_, p) => {
        const firstSeq = nextSeq[p]!;
        nextSeq[p]! += PER_CYCLE;
        const packets = encodePublishes({ topic: `crash/p${p}`, qos: 1, count: PER_CYCLE, payloadSize: 100, publisher: p, firstSeq });
        for (let i = 0; i < PER_CYCLE; i++) packets.bytes.set(enc.encode(label(p, firstSeq + i)), i * packets.size + packets.payloadAt);
        let conn;
        try {
          conn = await rawConnect(HOST, port, `crash-${p}`);
        } catch {
          return; // the broker died before CONNACK
        }
        const result = await runPublisher(conn, {
          packets,
          qos: 1,
          window: 100,
          firstSeq,
          onAck: (seq) => {
            acked.add(label(p, seq));
            if (++ackedThisCycle >= killAfter) releaseKill();
          },
        });
        conn.socket.destroy();
        return result;
      });
      void Promise.all(publishers).then(releaseKill); // never wait for acks that cannot come
      await killPoint;
      await broker.kill();
      await Promise.all(publishers);
      if (ackedThisCycle > 0) cyclesWithAcks++;
    }

    broker = await startBrokerProcess(hosts[CYCLES % hosts.length]!, { dataDir: data.path, args });
    const consumed = await run("kcat", ["-b", `${HOST}:${broker.ports.kafka}`, "-C", "-t", "crash", "-o", "beginning", "-e", "-q", "-f", "%s\n"], { timeoutMs: 120_000 });
    expect(consumed.code).toBe(0);
    const logged = new Set(consumed.stdout.split("\n").filter((l) => l !== "").map((l) => l.slice(0, 16)));
    const lost = [...acked].filter((m) => !logged.has(m));
    expect(lost).toEqual([]);
    // The run meant something: most cycles acknowledged messages before the kill.
    expect(cyclesWithAcks).toBeGreaterThanOrEqual(Math.floor(CYCLES / 2));
    expect(acked.size).toBeGreaterThan(0);
    expect(await broker.stop()).toBe(0);
    broker = undefined;
    console.log(`mqtt crash: ${CYCLES} SIGKILLs, ${acked.size} PUBACKed, ${logged.size} distinct in the log, ${cyclesWithAcks} cycles with acks`);
  });
});
