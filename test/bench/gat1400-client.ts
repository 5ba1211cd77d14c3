import { createViidClient } from "../../simulators/gat1400/client";
import { vehicleRecord } from "../../simulators/gat1400/records";

// Child process of test/bench/gat1400.ts: `connections` simulated LPR cameras, each on its own
// keep-alive HTTP connection, post pre-built MotorVehicle batches (no pictures) back to back.
// Reports committed records, wall time and batch latency percentiles to the parent over IPC.
// argv: port connections batchesPerConnection batchSize deadlineMs password deviceId…

const [portText, connText, batchesText, sizeText, deadlineText, password, ...deviceIds] = process.argv.slice(2);
const port = Number(portText);
const connections = Number(connText);
const batches = Number(batchesText);
const batchSize = Number(sizeText);
const deadlineMs = Number(deadlineText);

const clients = deviceIds.slice(0, connections).map((deviceId) =>
  createViidClient({ server: { host: "127.0.0.1", port }, deviceId, password: password!, maxSockets: 1 }));
await Promise.all(clients.map((c) => c.register()));

// Bodies are serialised before the clock starts, so the run measures the server, not JSON.stringify.
const base = Date.UTC(2026, 10, 27, 0, 0, 0);
const bodies = clients.map((c, ci) => Array.from({ length: batches }, (_, b) => JSON.stringify({
  MotorVehicleListObject: {
    MotorVehicleObject: Array.from({ length: batchSize }, (_, i) => {
      const seq = (b * batchSize + i) + ci * 10_000_000;
      return vehicleRecord({ deviceId: c.deviceId, seq, at: new Date(base + seq * 10), images: false });
    }),
  },
})));

const latenciesMs: number[] = [];
let accepted = 0;
let refused = 0;
const started = performance.now();
await Promise.all(clients.map(async (c, ci) => {
  for (const body of bodies[ci]!) {
    if (performance.now() - started > deadlineMs) break;
    const t0 = performance.now();
    const statuses = await c.postList("/VIID/MotorVehicles", body);
    latenciesMs.push(performance.now() - t0);
    for (const s of statuses) {
      if (s.StatusCode === 0) accepted++;
      else refused++;
    }
  }
}));
const elapsedMs = performance.now() - started;
for (const c of clients) c.close();
latenciesMs.sort((a, b) => a - b);
const pct = (p: number) => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))] ?? 0;
process.send!({ accepted, refused, elapsedMs, batches: latenciesMs.length, p50Ms: pct(0.5), p99Ms: pct(0.99) }, () => process.exit(0));
