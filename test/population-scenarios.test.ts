import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { generateCampus } from "../server/campus/generator/campus";
import { startLivePopulation } from "../simulators/population/live";
import { simulateWindow } from "../simulators/population/model";
import { createMqttSink } from "../simulators/population/mqtt-sink";
import { compileScenario, loadScenario } from "../simulators/population/scenario";
import { fixtureCampus } from "./population-fixture";
import { startMqttRig, type MqttRig } from "./ingest/mqtt-support";

const DIR = "simulators/scenarios";
const campus = generateCampus({ size: "small", seed: 3 });
const NOW = Date.parse("2026-03-02T04:00:00Z");

describe("scenario files", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();

  it("ships the five required scenarios", () => {
    for (const name of ["normal-school-day", "night-fence-intrusion", "dismissal-stair-crowding", "watchlist-vehicle-gate", "dorm-electrical-fire"]) {
      assert.ok(files.includes(`${name}.json`), name);
    }
  });

  it("each compiles against a generated campus and produces its incident", () => {
    const expect: Record<string, (types: Set<string>, a: ReturnType<typeof simulateWindow>) => boolean> = {
      "night-fence-intrusion.json": (t, a) => t.has("fence_alarm") && t.has("camera_alarm") && a.some((x) => x.type === "access" && x.outcome === "forced"),
      "dismissal-stair-crowding.json": (_t, a) => a.some((x) => x.type === "density" && x.count / x.areaM2 > 2.5),
      "watchlist-vehicle-gate.json": (_t, a) => a.some((x) => x.type === "lpr" && x.watchlist) && a.some((x) => x.type === "face" && x.watchlist),
      "dorm-electrical-fire.json": (_t, a) => a.some((x) => x.type === "smoke" && x.state === "alarm") && a.some((x) => x.type === "status" && x.status === "offline"),
      "normal-school-day.json": (t) => t.has("access") && t.has("density") && t.has("patrol"),
    };
    for (const f of files) {
      const s = loadScenario(join(DIR, f));
      const c = compileScenario(s, campus, NOW);
      assert.equal(c.simEndMs - c.simStartMs, s.durationMin * 60_000);
      const { guards, ...size } = s.population;
      // Smaller crowds keep the test fast; incidents do not depend on the head count.
      const actions = simulateWindow(campus, { seed: s.seed, size: { ...size, students: Math.min(size.students ?? 600, 600) }, guards, faults: c.faults }, c.simStartMs, c.simEndMs);
      const check = expect[f];
      if (check) assert.ok(check(new Set(actions.map((a) => a.type)), actions), f);
    }
  });
});

describe("population played over MQTT into the ingest", () => {
  let rig: MqttRig;
  before(async () => {
    rig = await startMqttRig();
  });
  after(() => rig.close());

  it("stores what the live population sends at 600×", async () => {
    const fx = fixtureCampus("fx");
    const sink = await createMqttSink({ url: `mqtt://127.0.0.1:${rig.ingest.ports.mqtt}`, campusId: fx.id });
    const simStartMs = Date.parse("2026-03-02T03:25:00Z"); // 11:25 in Shanghai: dismissal
    const problems: string[] = [];
    const run = startLivePopulation({
      campus: fx, sinks: [sink], seed: 1, speed: 600, simStartMs, simDurationMs: 10 * 60_000,
      size: { students: 300, staff: 20, visitors: 5 }, onProblem: (k, m) => problems.push(`${k} ${m}`),
    });
    const stats = await run.done;
    await sink.close();
    assert.deepEqual(problems, []);
    assert.ok(stats.sent > 100, `sent ${stats.sent}`);
    const stored = await rig.events.since(0, { limit: 100_000 });
    assert.equal(stored.length, stats.sent);
    const kinds = new Set(stored.map((e) => e.kind));
    assert.ok(kinds.has("access.granted") && kinds.has("density.sample"), [...kinds].join(","));
    assert.equal(await rig.tdb.db.prisma.deadLetter.count(), 0);
  });
});
