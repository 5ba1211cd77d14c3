import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { CampusModel } from "../../server/contracts/campus";
import { generateCampus } from "../../server/campus/generator/campus";
import { saveCampusModel } from "../../server/campus/persist";
import { actionToEvents } from "../../server/drills/action-events";
import type { EventInsert } from "../../server/events/rows";
import { createEventLog } from "../../server/events/log";
import { createSqlAppender } from "../../server/events/sql-append";
import { heatmap } from "../../server/history/heatmap";
import { createHistoryIndexer } from "../../server/history/indexer";
import { seek } from "../../server/history/seek";
import { trajectoryOf } from "../../server/trajectory/sightings";
import { createDb, type Db } from "../../server/store/db";
import { migrate } from "../../server/store/migrate";
import { localMidnightMs, simulateDay, tzOffsetMin } from "../../simulators/population/model";

// npm run bench:history — 30 days of campus history from the population model (≥ 10 M events,
// written through the raw append path in day-sized transactions), indexed into snapshots,
// sightings and hourly aggregates as the server would, then: seek latency to random instants,
// a subject's 30-day trajectory, one day's density heatmap, and the generation rate. SQLite
// unless DATABASE_URL. Targets (2-core machine, SQLite): seek p95 ≤ 300 ms, trajectory p95
// ≤ 50 ms, day heatmap ≤ 200 ms.
// BENCH_DAYS (default 30) sizes the history for iterating; the published figures use 30 days.
// BENCH_DB=<file> keeps the SQLite database and, when the file exists, measures the queries on
// it without generating again (for iterating on queries only).

const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const SEEKS = 200;
const TRAJECTORIES = 100;
const HEATMAPS = 5;
/** Sized so 30 days pass 10 M events (the default campus's model gives ~350 k a day at this size). */
const POPULATION = { students: 13_000, staff: 1_300, visitors: 600 };
const FIRST_DAY_MS = Date.parse("2026-02-01T00:00:00Z");

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => Math.round(x * 10) / 10;

function localDateOf(campus: CampusModel, d: number): string {
  const utcMs = FIRST_DAY_MS + d * 86_400_000;
  return new Date(utcMs + tzOffsetMin(campus.timeZone, utcMs) * 60_000).toISOString().slice(0, 10);
}

function rowsOf(campusId: string, day: number, date: string, actions: ReturnType<typeof simulateDay>["actions"]): EventInsert[] {
  const out: EventInsert[] = [];
  for (const a of actions) {
    for (const e of actionToEvents(a, { idPrefix: `h${day}:`, campusId, atMs: a.atMs })) {
      const at = e.occurredAt as Date;
      out.push({
        id: e.id, campusId, kind: e.kind, severity: e.severity, occurredAt: at, receivedAt: at, deviceId: e.deviceId ?? null,
        xM: e.location?.xM ?? null, yM: e.location?.yM ?? null, floor: e.location?.floor ?? null,
        subjectJson: e.subject ? JSON.stringify(e.subject) : null, sourceJson: `{"protocol":"simulator","rawRef":"bench:${date}"}`, dataJson: JSON.stringify(e.data ?? {}),
      });
    }
  }
  return out;
}

/** Writes DAYS of history; returns the events written and the generation rate. */
async function generate(db: Db, campus: CampusModel): Promise<{ rows: number; rowsPerS: number }> {
  await saveCampusModel(db.prisma, campus);
  const appender = createSqlAppender(db);
  let rows = 0, simulateMs = 0, insertMs = 0;
  for (let d = 0; d < DAYS; d++) {
    const date = localDateOf(campus, d);
    const t0 = performance.now();
    const day = simulateDay(campus, { seed: 20260201, date, size: POPULATION });
    const batch = rowsOf(campus.id, d, date, day.actions);
    const t1 = performance.now();
    for (let i = 0; i < batch.length; i += 50_000) await appender.insert(batch.slice(i, i + 50_000));
    const t2 = performance.now();
    simulateMs += t1 - t0;
    insertMs += t2 - t1;
    rows += batch.length;
    console.log(`day ${date}: ${batch.length} events (model ${ms(t1 - t0)} ms, insert ${ms(t2 - t1)} ms)`);
  }
  await appender.close();
  const rowsPerS = rows / ((simulateMs + insertMs) / 1000);
  console.log(`generated ${rows} events in ${ms((simulateMs + insertMs) / 1000)} s: ${Math.round(rowsPerS)} rows/s (insert only ${Math.round(rows / (insertMs / 1000))} rows/s)`);
  return { rows, rowsPerS };
}

async function index(db: Db): Promise<void> {
  const events = createEventLog(db);
  const indexer = createHistoryIndexer({ db, events });
  const ti = performance.now();
  await indexer.catchUp();
  await indexer.stop();
  await events.close();
  const snapshots = await db.prisma.stateSnapshot.count();
  const sightings = await db.prisma.sighting.count();
  console.log(`indexed in ${ms((performance.now() - ti) / 1000)} s: ${snapshots} snapshots, ${sightings} sightings`);
}

interface Measured { seekMs: number[]; trajMs: number[]; heatMs: number[] }

async function measure(db: Db, campusId: string, dayStarts: readonly number[]): Promise<Measured> {
  const spanStart = dayStarts[0]!, spanEnd = dayStarts.at(-1)! + 86_400_000;
  let rnd = 12345;
  const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const seekMs: number[] = [];
  let replayedMax = 0;
  for (let i = 0; i < SEEKS; i++) {
    const at = new Date(spanStart + random() * (spanEnd - spanStart));
    const t = performance.now();
    const s = await seek(db, campusId, at);
    seekMs.push(performance.now() - t);
    replayedMax = Math.max(replayedMax, s.replayedEvents);
  }
  console.log(`seek: p50 ${ms(pct(seekMs, 50))} ms, p95 ${ms(pct(seekMs, 95))} ms (max events replayed ${replayedMax})`);

  const subjects = await db.prisma.sighting.groupBy({ by: ["subjectKey"], where: { campusId }, _count: { _all: true }, orderBy: { subjectKey: "asc" }, take: 2000 });
  const busy = subjects.filter((s) => s._count._all >= 30);
  const trajMs: number[] = [];
  let sightingsTotal = 0;
  for (let i = 0; i < TRAJECTORIES && busy.length; i++) {
    const key = busy[Math.floor(random() * busy.length)]!.subjectKey;
    const t = performance.now();
    const tr = await trajectoryOf(db, { campusId, subjectKey: key, from: new Date(spanStart), to: new Date(spanEnd), limit: 5000 });
    trajMs.push(performance.now() - t);
    sightingsTotal += tr.sightings.length;
  }
  console.log(`trajectory (${dayStarts.length} days, one subject; mean ${Math.round(sightingsTotal / Math.max(1, trajMs.length))} sightings): p50 ${ms(pct(trajMs, 50))} ms, p95 ${ms(pct(trajMs, 95))} ms`);

  const heatMs: number[] = [];
  for (let i = 0; i < HEATMAPS; i++) {
    const dayStart = dayStarts[Math.floor(random() * dayStarts.length)]!;
    const t = performance.now();
    const hm = await heatmap(db, campusId, new Date(dayStart), new Date(dayStart + 86_400_000));
    heatMs.push(performance.now() - t);
    if (i === 0) console.log(`heatmap: ${hm.zones.length} zones, ${hm.grid.cols}×${hm.grid.rows} sighting cells, ${hm.grid.counts.reduce((a, b) => a + b, 0)} sightings`);
  }
  console.log(`day heatmap: p50 ${ms(pct(heatMs, 50))} ms, max ${ms(Math.max(...heatMs))} ms`);
  return { seekMs, trajMs, heatMs };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "campustwin-bench-history-"));
  const keep = process.env.BENCH_DB;
  const reuse = keep !== undefined && existsSync(keep);
  const url = process.env.DATABASE_URL ?? `file:${keep ?? join(dir, "history.db")}`;
  await migrate(url);
  const db = createDb(url);
  const campus = generateCampus({ seed: 1, size: "default" });
  const generated = reuse ? null : await generate(db, campus);
  if (!reuse) await index(db);
  const dayStarts = Array.from({ length: DAYS }, (_, d) => localMidnightMs(localDateOf(campus, d), campus.timeZone));
  const m = await measure(db, campus.id, dayStarts);
  if (generated) console.log(`RESULT events ${generated.rows}`);
  console.log(`RESULT seek_p50_ms ${ms(pct(m.seekMs, 50))}`);
  console.log(`RESULT seek_p95_ms ${ms(pct(m.seekMs, 95))}`);
  console.log(`RESULT trajectory_p50_ms ${ms(pct(m.trajMs, 50))}`);
  console.log(`RESULT trajectory_p95_ms ${ms(pct(m.trajMs, 95))}`);
  console.log(`RESULT day_heatmap_ms ${ms(pct(m.heatMs, 50))}`);
  if (generated) console.log(`RESULT generate_rows_per_s ${Math.round(generated.rowsPerS)}`);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
