import { performance } from "node:perf_hooks";
import { io as connect, type Socket } from "socket.io-client";
import { connectLive, type LiveConnection } from "../../web/lib/live";

// Child process of `npm run bench:live`: N socket clients on 127.0.0.1. Mode "live" uses the
// real client helper (web/lib/live.ts) against the live gateway; mode "baseline" joins a plain
// room that receives one Socket.IO packet per event. Counts every event delivered and the
// alarm-to-client latency (injectedAtMs is the wall clock at append time in the parent; both
// processes share the machine clock). Talks to the parent over IPC: reset → report.

interface Args { url: string; cookie: string; campusId: string; clients: number; mode: "live" | "baseline" }
interface WireEvent { seq: number; kind: string; data: { injectedAtMs?: number } }

const args = JSON.parse(process.argv[2]!) as Args;
let delivered = 0;
let latenciesMs: number[] = [];
const nowMs = () => performance.timeOrigin + performance.now();

function onEvent(e: WireEvent): void {
  delivered++;
  if (e.kind === "alarm.intrusion" && typeof e.data.injectedAtMs === "number") latenciesMs.push(nowMs() - e.data.injectedAtMs);
}

const lives: LiveConnection[] = [];
const plain: Socket[] = [];
let ready = 0;

for (let i = 0; i < args.clients; i++) {
  if (args.mode === "live") {
    lives.push(connectLive({
      url: args.url, campusId: args.campusId, headers: { cookie: args.cookie },
      onFrame: (f) => {
        for (const e of f.events) onEvent(e);
      },
      onStatus: (s) => {
        if (s === "live") ready++;
      },
    }));
  } else {
    const s = connect(`${args.url}/baseline`, { transports: ["websocket"], forceNew: true });
    s.on("event", (e: WireEvent) => onEvent(e));
    s.on("connect", () => s.emit("join", () => ready++));
    plain.push(s);
  }
}

process.on("message", (msg: { cmd: string }) => {
  if (msg.cmd === "ready?") process.send!({ ready });
  else if (msg.cmd === "reset") {
    delivered = 0;
    latenciesMs = [];
    process.send!({ ok: true });
  } else if (msg.cmd === "report") process.send!({ delivered, latenciesMs });
  else if (msg.cmd === "close") {
    for (const l of lives) l.close();
    for (const s of plain) s.close();
    process.send!({ ok: true });
    setTimeout(() => process.exit(0), 100);
  }
});
process.send!({ started: true });
