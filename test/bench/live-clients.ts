import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { io as connect, type Socket } from "socket.io-client";
import { connectLive, type LiveConnection } from "../../web/lib/live";

// Child process of `npm run bench:live`: N socket clients on 127.0.0.1. Mode "live" uses the
// real client helper (web/lib/live.ts) against the live gateway, acknowledging frames as a
// browser does; mode "baseline" joins a plain room that receives one Socket.IO packet per event.
// "Delivered" counts events a client received in frames (live: each event once, as the helper
// hands them over; positions and densities coalesced away on the server were never sent and are
// not counted; priority-lane previews are not counted again) or as packets (baseline). Alarm
// latency is taken at an alarm's first arrival at each client (live: normally the priority
// lane); injectedAtMs is performance.timeOrigin + now() at append time in the parent, the same
// wall clock of the same host as here. Talks to the parent over IPC: reset → report.

interface Args { url: string; cookie: string; campusId: string; clients: number; mode: "live" | "baseline" }
interface WireEvent { seq: number; kind: string; data: { injectedAtMs?: number } }

const args = JSON.parse(process.argv[2]!) as Args;
let delivered = 0;
let frames = 0;
let latenciesMs: number[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let cpuAtReset = process.cpuUsage();
let resetAtMs = performance.now();
const nowMs = () => performance.timeOrigin + performance.now();

/** Latency of an alarm at one client, once (the first of preview and frame). */
function onAlarm(e: WireEvent, seen: Set<number>): void {
  if (e.kind !== "alarm.intrusion" || typeof e.data.injectedAtMs !== "number" || seen.has(e.seq)) return;
  seen.add(e.seq);
  latenciesMs.push(nowMs() - e.data.injectedAtMs);
}

function onEvent(e: WireEvent, seen: Set<number>): void {
  delivered++;
  onAlarm(e, seen);
}

const lives: LiveConnection[] = [];
const plain: Socket[] = [];
let ready = 0;

for (let i = 0; i < args.clients; i++) {
  const seen = new Set<number>();
  if (args.mode === "live") {
    lives.push(connectLive({
      url: args.url, campusId: args.campusId, headers: { cookie: args.cookie },
      onFrame: (f) => {
        frames++;
        for (const e of f.events) onEvent(e, seen);
      },
      onUrgent: (u) => {
        for (const e of u.events) onAlarm(e, seen);
      },
      onStatus: (s) => {
        if (s === "live") ready++;
      },
    }));
  } else {
    const s = connect(`${args.url}/baseline`, { transports: ["websocket"], forceNew: true });
    s.on("event", (e: WireEvent) => onEvent(e, seen));
    s.on("connect", () => s.emit("join", () => ready++));
    plain.push(s);
  }
}

process.on("message", (msg: { cmd: string }) => {
  if (msg.cmd === "ready?") process.send!({ ready });
  else if (msg.cmd === "reset") {
    delivered = 0;
    frames = 0;
    latenciesMs = [];
    loopDelay.reset();
    cpuAtReset = process.cpuUsage();
    resetAtMs = performance.now();
    process.send!({ ok: true });
  } else if (msg.cmd === "report") {
    const cpu = process.cpuUsage(cpuAtReset);
    const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - resetAtMs);
    process.send!({ delivered, frames, latenciesMs, cpuShare, loopDelayP99Ms: loopDelay.percentile(99) / 1e6 });
  }
  else if (msg.cmd === "close") {
    for (const l of lives) l.close();
    for (const s of plain) s.close();
    process.send!({ ok: true });
    setTimeout(() => process.exit(0), 100);
  }
});
process.send!({ started: true });
