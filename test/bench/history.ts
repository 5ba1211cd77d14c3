import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
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
import { createDb } from "../../server/store/db";
import { migrate } from "../../server/store/migrate";
import { simulateDay, tzOffsetMin } from "../../simulators/population/model";

// npm run bench:history — 30 days of campus history from the population model (≥ 10 M events,
// written through the raw append path in day-sized transactions), indexed into snapshots and
// sightings as the server would, then: seek latency to random instants, a subject's 30-day
// trajectory, one day's density heatmap, and the generation rate. SQLite unless DATABASE_URL.
// Targets (2-core machine, SQLite): seek p95 ≤ 300 ms, trajectory p95 ≤ 50 ms, day heatmap ≤ 200 ms.

const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const SEEKS = 200;
const TRAJECTORIES = 100;
/** Sized so 30 days pass 10 M events (the default campus's model gives ~360 k a day at this size). */
const POPULATION = { students: 13_000, staff: 1_300, visitors: 600 };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => Math.round(x * 10) / 10;

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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "campustwin-bench-history-"));
  const url = process.env.DATABASE_URL ?? `file:${join(dir, "history.db")}`;
  await migrate(url);
  const db = createDb(url);
  const campus = generateCampus({ seed: 1, size: "default" });
  await saveCampusModel(db.prisma, campus);
  const appender = createSqlAppender(db);
  const firstDayMs = Date.parse("2026-02-01T00:00:00Z");
  let rows = 0, simulateMs = 0, insertMs = 0;
  const dayStarts: number[] = [];
  for (let d = 0; d < DAYS; d++) {
    const utcMs = firstDayMs + d * 86_400_000;
    const date = new Date(utcMs + tzOffsetMin(campus.timeZone, utcMs) * 60_000).toISOString().slice(0, 10);
    const t0 = performance.now();
    const day = simulateDay(campus, { seed: 20260201, date, size: POPULATION });
    const batch = rowsOf(campus.id, d, date, day.actions);
    const t1 = performance.now();
    for (let i = 0; i < batch.length; i += 50_000) await appender.insert(batch.slice(i, i + 50_000));
    const t2 = performance.now();
    simulateMs += t1 - t0;
    insertMs += t2 - t1;
    rows += batch.length;
    dayStarts.push(day.dayStartMs);
    console.log(`day ${date}: ${batch.length} events (model ${ms(t1 - t0)} ms, insert ${ms(t2 - t1)} ms)`);
  }
  await appender.close();
  const generateRowsPerS = rows / ((simulateMs + insertMs) / 1000);
  console.log(`generated ${rows} events in ${ms((simulateMs + insertMs) / 1000)} s: ${Math.round(generateRowsPerS)} rows/s (insert only ${Math.round(rows / (insertMs / 1000))} rows/s)`);

  const events = createEventLog(db);
  const indexer = createHistoryIndexer({ db, events });
  const ti = performance.now();
  await indexer.catchUp();
  await indexer.stop();
  const snapshots = await db.prisma.stateSnapshot.count();
  const sightings = await db.prisma.sighting.count();
  console.log(`indexed in ${ms((performance.now() - ti) / 1000)} s: ${snapshots} snapshots, ${sightings} sightings`);

  const spanStart = dayStarts[0]!, spanEnd = dayStarts.at(-1)! + 86_400_000;
  let rnd = 12345;
  const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const seekMs: number[] = [];
  let replayedMax = 0;
  for (let i = 0; i < SEEKS; i++) {
    const at = new Date(spanStart + random() * (spanEnd - spanStart));
    const t = performance.now();
    const s = await seek(db, campus.id, at);
    seekMs.push(performance.now() - t);
    replayedMax = Math.max(replayedMax, s.replayedEvents);
  }
  console.log(`seek: p50 ${ms(pct(seekMs, 50))} ms, p95 ${ms(pct(seekMs, 95))} ms (max events replayed ${replayedMax})`);

  const subjects = await db.prisma.sighting.groupBy({ by: ["subjectKey"], where: { campusId: campus.id }, _count: { _all: true }, orderBy: { subjectKey: "asc" }, take: 2000 });
  const busy = subjects.filter((s) => s._count._all >= 30);
  const trajMs: number[] = [];
  let sightingsTotal = 0;
  for (let i = 0; i < TRAJECTORIES && busy.length; i++) {
    const key = busy[Math.floor(random() * busy.length)]!.subjectKey;
    const t = performance.now();
    const tr = await trajectoryOf(db, { campusId: campus.id, subjectKey: key, from: new Date(spanStart), to: new Date(spanEnd), limit: 5000 });
    trajMs.push(performance.now() - t);
    sightingsTotal += tr.sightings.length;
  }
  console.log(`trajectory (30 days, one subject; mean ${Math.round(sightingsTotal / Math.max(1, trajMs.length))} sightings): p50 ${ms(pct(trajMs, 50))} ms, p95 ${ms(pct(trajMs, 95))} ms`);

  const heatMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const dayStart = dayStarts[Math.floor(random() * dayStarts.length)]!;
    const t = performance.now();
    const hm = await heatmap(db, campus.id, new Date(dayStart), new Date(dayStart + 86_400_000));
    heatMs.push(performance.now() - t);
    if (i === 0) console.log(`heatmap: ${hm.zones.length} zones, ${hm.grid.cols}×${hm.grid.rows} sighting cells`);
  }
  console.log(`day heatmap: p50 ${ms(pct(heatMs, 50))} ms, max ${ms(Math.max(...heatMs))} ms`);

  console.log(`RESULT events ${rows}`);
  console.log(`RESULT seek_p50_ms ${ms(pct(seekMs, 50))}`);
  console.log(`RESULT seek_p95_ms ${ms(pct(seekMs, 95))}`);
  console.log(`RESULT trajectory_p50_ms ${ms(pct(trajMs, 50))}`);
  console.log(`RESULT trajectory_p95_ms ${ms(pct(trajMs, 95))}`);
  console.log(`RESULT day_heatmap_ms ${ms(pct(heatMs, 50))}`);
  console.log(`RESULT generate_rows_per_s ${Math.round(generateRowsPerS)}`);
  await events.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
