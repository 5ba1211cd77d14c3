import { parseArgs } from "node:util";
import { listCampuses, loadCampusModel } from "../../server/campus/persist";
import type { CampusModel } from "../../server/contracts/campus";
import { databaseUrl, loadEnv } from "../../server/env";
import { createDb } from "../../server/store/db";
import { startLivePopulation } from "./live";
import { createMqttSink } from "./mqtt-sink";
import { createDc09Sink, createGat1400Sink, createGb28181Sink } from "./protocol-sinks";
import { compileScenario, loadScenario } from "./scenario";
import type { ActionSink } from "./sink";

// `npm run sim -- scenario <file> [flags]` and `npm run sim -- population [flags]`.
// The campus is read from the server's database (DATABASE_URL / DATA_DIR, or --database-url);
// devices talk to the server at --server (host) on the protocol ports.

const FLAGS = {
  server: { type: "string", default: "127.0.0.1" },
  "mqtt-url": { type: "string" },
  "mqtt-port": { type: "string" },
  "mqtt-username": { type: "string" },
  "mqtt-password": { type: "string" },
  "dc09-port": { type: "string" },
  "sip-port": { type: "string" },
  "gat1400-port": { type: "string" },
  "device-password": { type: "string", default: "campustwin" },
  "database-url": { type: "string" },
  campus: { type: "string" },
  seed: { type: "string" },
  speed: { type: "string" },
  "duration-min": { type: "string" },
  students: { type: "string" },
  only: { type: "string" },
  "dry-run": { type: "boolean", default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof FLAGS; allowPositionals: true }>>["values"];

async function loadCampus(v: Values): Promise<CampusModel> {
  const env = loadEnv(process.env);
  const db = createDb(v["database-url"] ?? databaseUrl(env));
  try {
    const id = v.campus ?? (await listCampuses(db.prisma))[0]?.id;
    if (!id) throw new Error("No campus in the database: start the server once (it generates one) or run npm run campus:generate");
    return await loadCampusModel(db.prisma, id);
  } finally {
    await db.close();
  }
}

async function buildSinks(v: Values, campus: CampusModel): Promise<ActionSink[]> {
  const env = loadEnv(process.env);
  const host = v.server ?? "127.0.0.1";
  const only = v.only ? new Set(v.only.split(",")) : null;
  const want = (name: string) => !only || only.has(name);
  const problem = (key: string, message: string) => console.error(`sim: ${key}: ${message}`);
  const common = { host, devicePassword: v["device-password"] ?? "campustwin", onProblem: problem };
  const sinks: ActionSink[] = [];
  if (want("mqtt")) {
    const url = v["mqtt-url"] ?? `mqtt://${host}:${v["mqtt-port"] ?? env.MQTT_PORT}`;
    sinks.push(await createMqttSink({ url, campusId: campus.id, username: v["mqtt-username"], password: v["mqtt-password"] }));
  }
  if (want("dc09")) sinks.push(createDc09Sink({ ...common, port: Number(v["dc09-port"] ?? env.DC09_PORT) }));
  if (want("gb28181")) sinks.push(createGb28181Sink({ ...common, port: Number(v["sip-port"] ?? env.SIP_PORT) }));
  if (want("gat1400")) sinks.push(createGat1400Sink({ ...common, port: Number(v["gat1400-port"] ?? env.GAT1400_PORT) }));
  return sinks;
}

const summary = (counts: Map<string, number>) => [...counts].map(([k, n]) => `${k}=${n}`).join(" ");

/** `scenario <file>`: plays one scenario file against a running server; resolves with an exit code. */
export async function runScenarioCli(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true });
  const file = positionals[0];
  if (!file) {
    console.error("usage: sim scenario <simulators/scenarios/x.json> [--server host] [--speed 60] [--campus id] [--dry-run]");
    return 2;
  }
  const scenario = loadScenario(file);
  const campus = await loadCampus(v);
  const c = compileScenario(scenario, campus, Date.now());
  const speed = Number(v.speed ?? scenario.speed);
  const { guards, ...size } = scenario.population;
  console.log(`sim: scenario "${scenario.name}" on ${campus.name} (${campus.id}), ${scenario.durationMin} min at ${speed}×, ${c.faults.length} steps`);
  if (v["dry-run"]) {
    const { simulateWindow } = await import("./model");
    const actions = simulateWindow(campus, { seed: scenario.seed, size, guards, faults: c.faults }, c.simStartMs, c.simEndMs);
    const counts = new Map<string, number>();
    for (const a of actions) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
    console.log(`sim: ${actions.length} actions ${summary(counts)}`);
    return 0;
  }
  const sinks = await buildSinks(v, campus);
  const run = startLivePopulation({
    campus, sinks, seed: scenario.seed, speed, simStartMs: c.simStartMs, simDurationMs: c.simEndMs - c.simStartMs, size, guards, faults: c.faults,
    onProblem: (k, m) => console.error(`sim: ${k}: ${m}`),
  });
  process.once("SIGINT", () => void run.stop());
  const stats = await run.done;
  await Promise.all(sinks.map((s) => s.close()));
  console.log(`sim: done, sent ${stats.sent}, failed ${stats.failed}, no sink ${stats.unhandled}`);
  return stats.failed > 0 ? 1 : 0;
}

/** `population`: the live campus from now (or for --duration-min), until Ctrl-C. */
export async function runPopulationCli(argv: readonly string[]): Promise<number> {
  const { values: v } = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true });
  const env = loadEnv(process.env);
  const campus = await loadCampus(v);
  const sinks = await buildSinks(v, campus);
  const speed = Number(v.speed ?? 1);
  const run = startLivePopulation({
    campus, sinks, seed: Number(v.seed ?? env.CAMPUS_SEED), speed,
    simDurationMs: v["duration-min"] ? Number(v["duration-min"]) * 60_000 : undefined,
    size: v.students ? { students: Number(v.students) } : undefined,
    onProblem: (k, m) => console.error(`sim: ${k}: ${m}`),
  });
  console.log(`sim: population on ${campus.name} (${campus.id}) at ${speed}×; Ctrl-C stops`);
  process.once("SIGINT", () => void run.stop());
  const stats = await run.done;
  await Promise.all(sinks.map((s) => s.close()));
  console.log(`sim: stopped, sent ${stats.sent}, failed ${stats.failed}`);
  return 0;
}
