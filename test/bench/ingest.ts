import { spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { formatTimestamp, buildFrame } from "../../server/ingest/dc09/frame";
import { createDc09Ingest } from "../../server/ingest/dc09/ingest";
import { migrate } from "../../server/store/migrate";
import { createDb } from "../../server/store/db";
import { createEmptyDatabase } from "../support/db";
import { burstAccount, buildDeps, seedDc09Campus } from "../support/dc09-fixture";
import { benchGat1400 } from "./gat1400";
import { benchMqtt } from "./mqtt";

// `npm run bench:ingest` — DC-09 ingest benchmark (not a test). The receiver runs in this
// process on a fresh SQLite database; the load generator runs in a child process so it does
// not share the receiver's event loop. Two runs, 127.0.0.1 only, bounded in time:
//   1. throughput: 500 TCP panels, each sending its next event as soon as the last is ACKed;
//   2. latency: 1,000 events/s paced over 100 panels; ACK latency p50/p99.
// Prints `RESULT dc09_events_per_s`, `RESULT dc09_ack_p50_ms`, `RESULT dc09_ack_p99_ms`; then
// the MQTT (test/bench/mqtt.ts) and GA/T 1400 (test/bench/gat1400.ts) ingest benchmarks.

const THROUGHPUT = { panels: 500, seconds: 8 };
const LATENCY = { panels: 100, ratePerS: 1000, seconds: 10 };

interface LoadResult { acked: number; other: number; elapsedMs: number; latenciesMs: number[]; cpuMs: number }

async function main(): Promise<void> {
  const empty = await createEmptyDatabase();
  if (!empty.url.startsWith("file:")) throw new Error("bench:ingest runs on SQLite; unset TEST_DATABASE_URL");
  await migrate(empty.url);
  const db = createDb(empty.url);
  await seedDc09Campus(db, { burstPanels: THROUGHPUT.panels });
  const deps = buildDeps(db);
  const ingest = await createDc09Ingest(deps, { host: "127.0.0.1", port: 0, supervision: { watchRegistered: false } }).start();
  const port = ingest.ports.tcp!;
  try {
    const before = await db.prisma.event.count();
    const cpu0 = process.cpuUsage();
    const t = await runLoad(port, "throughput", THROUGHPUT.panels, THROUGHPUT.seconds, 0, 0);
    await deps.events.flush();
    const committed = (await db.prisma.event.count()) - before;
    const perS = Math.round((committed * 1000) / t.elapsedMs);
    const cpu = process.cpuUsage(cpu0);
    // On a shared machine the wall-clock rate also measures the neighbours; CPU per event does not.
    const cpuMsPerKEvents = ((cpu.user + cpu.system) / 1000 / committed) * 1000;
    console.log(`receiver CPU: ${cpuMsPerKEvents.toFixed(0)} ms per 1,000 events (≈ ${Math.round(1_000_000 / cpuMsPerKEvents)} events per CPU-second); load generator CPU ${((t.cpuMs / t.acked) * 1000).toFixed(0)} ms per 1,000`);
    console.log(`throughput: ${THROUGHPUT.panels} panels, ${t.acked} ACKed, ${committed} committed in ${(t.elapsedMs / 1000).toFixed(1)} s, ${t.other} non-ACK answers`);
    console.log(`RESULT dc09_events_per_s ${perS}`);
    const l = await runLoad(port, "latency", LATENCY.panels, LATENCY.seconds, LATENCY.ratePerS, 5000);
    const sorted = l.latenciesMs.sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
    console.log(`latency: ${l.acked} ACKed at ${Math.round((l.acked * 1000) / l.elapsedMs)}/s over ${LATENCY.panels} panels, ${l.other} non-ACK answers`);
    console.log(`RESULT dc09_ack_p50_ms ${pct(50).toFixed(2)}`);
    console.log(`RESULT dc09_ack_p99_ms ${pct(99).toFixed(2)}`);
  } finally {
    await ingest.stop();
    await deps.close();
    await db.close();
    await empty.remove();
  }
}

function runLoad(port: number, phase: string, panels: number, seconds: number, ratePerS: number, seqBase: number): Promise<LoadResult> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--import", "tsx", self, "--load", String(port), String(panels), String(seconds), String(ratePerS), String(seqBase)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (code !== 0 || !line) reject(new Error(`${phase} load generator failed (${code}): ${out}`));
      else resolve(JSON.parse(line) as LoadResult);
    });
  });
}

/** The load generator (child process): raw sockets, cheap frames, one outstanding per panel. */
async function load(port: number, panels: number, seconds: number, ratePerS: number, seqBase: number): Promise<void> {
  const socks: Socket[] = await Promise.all(Array.from({ length: panels }, () => new Promise<Socket>((resolve, reject) => {
    const s = connect({ host: "127.0.0.1", port, noDelay: true }, () => resolve(s));
    s.once("error", reject);
  })));
  const result: LoadResult = { acked: 0, other: 0, elapsedMs: 0, latenciesMs: [], cpuMs: 0 };
  const seq = new Array<number>(panels).fill(seqBase);
  const sentAt = new Array<number>(panels).fill(0);
  const busy = new Array<boolean>(panels).fill(false);
  let stamp = "";
  let stampSec = -1;
  let running = true;
  const send = (i: number) => {
    const nowMs = Date.now();
    if (Math.floor(nowMs / 1000) !== stampSec) {
      stampSec = Math.floor(nowMs / 1000);
      stamp = formatTimestamp(new Date(nowMs));
    }
    seq[i] = (seq[i]! % 9999) + 1;
    const s = String(seq[i]).padStart(4, "0");
    const account = burstAccount(i);
    busy[i] = true;
    sentAt[i] = performance.now();
    socks[i]!.write(buildFrame(`"ADM-CID"${s}R0L0#${account}[#${account}|1130 01 ${String((seq[i]! % 999) + 1).padStart(3, "0")}]${stamp}`));
  };
  socks.forEach((sock, i) => {
    let acc = "";
    sock.on("data", (b: Buffer) => {
      acc += b.toString("latin1");
      let cr;
      while ((cr = acc.indexOf("\r")) >= 0) {
        if (acc.startsWith('"ACK"', 9)) result.acked++;
        else result.other++;
        if (ratePerS > 0) result.latenciesMs.push(performance.now() - sentAt[i]!);
        acc = acc.slice(cr + 1);
        busy[i] = false;
        if (running && ratePerS === 0) send(i);
      }
    });
  });
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let pacer: NodeJS.Timeout | null = null;
  if (ratePerS === 0) socks.forEach((_, i) => send(i));
  else {
    let due = 0;
    let next = 0;
    pacer = setInterval(() => {
      due += (ratePerS * 10) / 1000; // 10 ms ticks
      for (let tries = 0; due >= 1 && tries < panels; tries++, next = (next + 1) % panels) {
        if (busy[next]) continue;
        send(next);
        due -= 1;
      }
    }, 10);
  }
  await new Promise((r) => setTimeout(r, seconds * 1000));
  running = false;
  if (pacer) clearInterval(pacer);
  result.elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  await new Promise((r) => setTimeout(r, 500)); // let the last ACKs arrive
  for (const s of socks) s.destroy();
  process.stdout.write(JSON.stringify(result) + "\n");
}

const args = process.argv.slice(2);
if (args[0] === "--load") {
  const [port, panels, seconds, rate, seqBase] = args.slice(1).map(Number) as [number, number, number, number, number];
  load(port, panels, seconds, rate, seqBase).then(() => process.exit(0), (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  // BENCH_ONLY=dc09|mqtt|gat1400 runs one part (for profiling); by default all three run.
  const only = process.env.BENCH_ONLY;
  const runs = (part: string) => !only || only === part;
  (runs("dc09") ? main() : Promise.resolve())
    .then(async () => {
      if (!runs("mqtt")) return;
      const m = await benchMqtt();
      console.log(`mqtt: ${m.events} access events, p50 ${m.p50Ms} ms (publish → committed)`);
      console.log(`receiver CPU: ${m.cpuMsPerKEvents} ms per 1,000 events (≈ ${Math.round(1_000_000 / m.cpuMsPerKEvents)} events per CPU-second); publisher CPU ${m.publisherCpuMsPerKEvents} ms per 1,000`);
      console.log(`RESULT mqtt_events_per_s ${m.eventsPerS}`);
      console.log(`RESULT mqtt_p99_ms ${m.p99Ms}`);
    })
    .then(async () => {
      if (!runs("gat1400")) return;
      const g = await benchGat1400();
      console.log(`gat1400: ${g.records} vehicle records, p50 ${g.p50Ms} ms per batch`);
      console.log(`RESULT gat1400_records_per_s ${g.recordsPerS}`);
      console.log(`RESULT gat1400_p99_ms ${g.p99Ms}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
