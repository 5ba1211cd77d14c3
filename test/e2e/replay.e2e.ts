import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { listCampuses, loadCampusModel } from "../../server/campus/persist";
import type { CampusModel } from "../../server/contracts/campus";
import type { NewCampusEvent } from "../../server/contracts/event";
import { actionToEvents } from "../../server/drills/action-events";
import { createEventLog } from "../../server/events/log";
import { createDb } from "../../server/store/db";
import { simulateWindow } from "../../simulators/population/model";
import { startServer, type ServerProcess } from "../support/server";
import { collectPageErrors, launchChromium } from "./support/browser";
import { E2E_SERVER_ENV, loggedInContext } from "./support/login";

// Issue 8: /replay plays a scripted hour at 60× and the playhead, the heatmap and the
// trajectories move. The hour (yesterday 11:00–12:00, a fence intrusion at 11:20) is written into
// the server's own database from the population model, as another node would append it; the
// server's history indexer picks it up from the shared log.

const SCENE_READY_TIMEOUT_MS = 120_000;
const RESULTS_DIR = "test-results";
const HOUR_MS = 3_600_000;

async function scriptHour(dataDir: string): Promise<{ campus: CampusModel; fromMs: number; subjects: string[]; lastSeq: number }> {
  const db = createDb(`file:${dataDir}/campustwin.db`);
  const [first] = await listCampuses(db.prisma);
  const campus = await loadCampusModel(db.prisma, first!.id);
  // Yesterday 11:00–12:00 campus time (UTC+8): the lunch dismissal fills canteen and stairs.
  const yesterday = new Date(Date.now() - 86_400_000);
  const fromMs = Date.UTC(yesterday.getUTCFullYear(), yesterday.getUTCMonth(), yesterday.getUTCDate(), 3, 0);
  const fence = campus.devices.find((d) => d.kind === "fence_segment");
  const actions = simulateWindow(campus, { seed: 8, faults: fence ? [{ type: "fence_intrusion", atMs: fromMs + 20 * 60_000, device: fence.id }] : [] }, fromMs, fromMs + HOUR_MS);
  let clockMs = fromMs;
  const log = createEventLog(db, { now: () => new Date(clockMs) });
  const counts = new Map<string, number[]>();
  let batch: NewCampusEvent[] = [];
  for (const a of actions) {
    if (a.atMs - clockMs > 10_000 && batch.length) {
      await log.append(batch);
      batch = [];
      clockMs = a.atMs;
    }
    for (const e of actionToEvents(a, { idPrefix: "e2e-replay:", campusId: campus.id, atMs: a.atMs })) {
      batch.push(e);
      const key = e.subject?.plate ? `vehicle:${e.subject.plate}` : e.subject?.ref ? `person:${e.subject.ref}` : null;
      if (key && !key.startsWith("person:card:")) counts.set(key, [...(counts.get(key) ?? []), a.atMs]);
    }
  }
  clockMs = fromMs + HOUR_MS;
  await log.append(batch);
  const lastSeq = await log.lastSeq();
  await log.close();
  await db.close();
  // Subjects seen early and again later in the hour: their trails grow while the hour plays.
  const subjects = [...counts.entries()].filter(([, ts]) => ts.length >= 3 && ts[0]! < fromMs + 10 * 60_000 && ts.at(-1)! > fromMs + 15 * 60_000)
    .slice(0, 3).map(([k]) => k);
  return { campus, fromMs, subjects, lastSeq };
}

/** Waits until the server's history indexer has committed everything up to `seq` (its cursor). */
async function indexedThrough(dataDir: string, seq: number, timeoutMs = 90_000): Promise<void> {
  const db = createDb(`file:${dataDir}/campustwin.db`);
  try {
    for (const end = Date.now() + timeoutMs; ;) {
      const cursor = await db.prisma.historyCursor.findUnique({ where: { id: "indexer" } });
      if ((cursor?.seq ?? 0) >= seq) return;
      if (Date.now() > end) throw new Error(`the history indexer reached seq ${cursor?.seq ?? 0} of ${seq} in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await db.close();
  }
}

async function clock(page: Page) {
  const c = page.getByTestId("replay-clock");
  return {
    playheadMs: Number(await c.getAttribute("data-playhead-ms")),
    densityVersion: Number(await c.getAttribute("data-density-version")),
    heat: Number(await c.getAttribute("data-heat")),
    heatCells: (await c.getAttribute("data-heat-cells")) ?? "",
    trail: Number(await c.getAttribute("data-trail-sightings")),
  };
}

describe("/replay (Chromium, software WebGL)", { timeout: 300_000 }, () => {
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let scripted: Awaited<ReturnType<typeof scriptHour>>;

  before(async () => {
    server = await startServer({ ...E2E_SERVER_ENV, SIMULATE: "0" });
    scripted = await scriptHour(server.dataDir);
    assert.ok(scripted.subjects.length >= 1, "the scripted hour has subjects to follow");
    browser = await launchChromium();
    context = await loggedInContext(browser, server.baseUrl);
    mkdirSync(RESULTS_DIR, { recursive: true });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it("plays the scripted hour at 60×: the playhead, the heatmap and the trajectories move", async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const { campus, fromMs, subjects } = scripted;
    // The server's indexer polls the shared log: wait until it has taken the whole hour in
    // (a fixed 5 s wait was not always enough on a loaded CI machine).
    await indexedThrough(server.dataDir, scripted.lastSeq);
    await page.goto(`${server.baseUrl}/replay?campus=${campus.id}&from=${fromMs}&to=${fromMs + HOUR_MS}&speed=60&subjects=${encodeURIComponent(subjects.join(","))}`);
    await page.waitForSelector('[data-testid="scene"][data-scene-ready="true"]', { timeout: SCENE_READY_TIMEOUT_MS });
    await page.waitForSelector('[data-testid="timeline"]', { timeout: 30_000 });
    const start = await clock(page);
    assert.ok(Math.abs(start.playheadMs - fromMs) < 1000, `starts at the window's start: ${start.playheadMs - fromMs} ms`);
    await page.getByTestId("play").click();
    await page.waitForFunction((t0) => Number(document.querySelector('[data-testid="replay-clock"]')?.getAttribute("data-playhead-ms")) > t0 + 15 * 60_000, fromMs, { timeout: 60_000 });
    const later = await clock(page);
    assert.ok(later.playheadMs - start.playheadMs >= 15 * 60_000, "the playhead moved at 60×");
    assert.ok(later.densityVersion > start.densityVersion && later.heatCells !== start.heatCells, `the heatmap changed: ${JSON.stringify({ start, later })}`);
    assert.ok(later.trail > start.trail, `the trajectories grew: ${JSON.stringify({ start, later })}`);
    await page.screenshot({ path: `${RESULTS_DIR}/replay.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
