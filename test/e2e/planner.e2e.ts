import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";
import type { CampusModel, CampusSummary } from "../../server/contracts/campus";
import type { AnalysisOptions, CoverageCamera } from "../../server/contracts/coverage";
import { analyseCampus } from "../../server/coverage/analysis";
import { camerasOf } from "../../server/coverage/scene";
import { startServer, type ServerProcess } from "../support/server";
import { collectPageErrors, launchChromium, pixelStats } from "./support/browser";
import { apiLogin, E2E_SERVER_ENV, loggedInContext } from "./support/login";
import { trpcQuery } from "./support/trpc-http";

// Issue 7 /planner: the real server with its generated campus, Chromium with software WebGL.
// The coverage overlay is drawn, the compliance table lists zones with pass/fail and the rule,
// editing a camera (computed in the Web Worker) changes a figure, and a draft saves.

const READY_TIMEOUT_MS = 120_000;
const RESULTS_DIR = "test-results";

/** The planner's analysis options (PLANNER_OPTIONS in web/components/planner/use-planner.ts). */
const PLANNER_OPTIONS: AnalysisOptions = { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 };

const shareText = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** The yaw the editor's slider sets when the test turns a camera round: (shown yaw + 180) mod 360. */
const turnedYawDeg = (cam: CoverageCamera): number => (Math.round(((cam.optics.yawDeg % 360) + 360) % 360) + 180) % 360;

/**
 * A camera whose turning round changes some zone's share, worked out with the engine the page's
 * Web Worker runs (server/coverage, same options), and that share as the table will show it.
 */
function pickEdit(model: CampusModel): { cameraId: string; zoneId: string; before: string; after: string } {
  const analysis = analyseCampus(model, PLANNER_OPTIONS);
  const before = new Map(analysis.evaluate(false).map((z) => [z.zoneId, shareText(z.share)]));
  // Prefer the camera that changes the most-covered zone: the clearest figure to watch.
  let best: { cameraId: string; zoneId: string; before: string; after: string; shareBefore: number } | null = null;
  for (const cam of camerasOf(model)) {
    analysis.engine.setCamera({ ...cam, optics: { ...cam.optics, yawDeg: turnedYawDeg(cam) } });
    for (const z of analysis.evaluate(false)) {
      const was = before.get(z.zoneId);
      if (was === undefined || was === shareText(z.share)) continue;
      const shareBefore = parseFloat(was);
      if (!best || shareBefore > best.shareBefore) best = { cameraId: cam.id, zoneId: z.zoneId, before: was, after: shareText(z.share), shareBefore };
    }
    analysis.engine.setCamera(cam);
  }
  assert.ok(best, "turning some camera round changes some zone's share");
  return best;
}

describe("/planner (Chromium, software WebGL)", { timeout: 300_000 }, () => {
  let server: ServerProcess | null = null;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let cookie: string;
  let campusId: string;
  let model: CampusModel;

  before(async () => {
    const external = process.env.E2E_BASE_URL;
    if (external) baseUrl = external.replace(/\/$/, "");
    else {
      server = await startServer(E2E_SERVER_ENV);
      baseUrl = server.baseUrl;
    }
    cookie = await apiLogin(baseUrl);
    campusId = (await trpcQuery<CampusSummary[]>(baseUrl, cookie, "campus.list"))[0]!.id;
    model = await trpcQuery<CampusModel>(baseUrl, cookie, "campus.get", { id: campusId });
    browser = await launchChromium();
    context = await loggedInContext(browser, baseUrl);
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it("draws the coverage overlay and the compliance table, recomputes on an edit and saves a draft", async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${baseUrl}/planner?campus=${encodeURIComponent(campusId)}`);
    await page.waitForSelector('[data-testid="planner-scene"][data-scene-ready="true"]', { timeout: READY_TIMEOUT_MS });

    const rows = page.getByTestId("zone-row");
    const zoneCount = await rows.count();
    assert.ok(zoneCount >= 3, `zones listed: ${zoneCount}`);
    for (let i = 0; i < zoneCount; i++) {
      const text = (await rows.nth(i).textContent()) ?? "";
      assert.match(text, /合格|不合格/);
      assert.match(text, /R-\d+\.\d+/);
    }
    assert.match((await page.getByTestId("pass-count").textContent()) ?? "", new RegExp(`^\\d+/${zoneCount}$`));

    const canvas = page.locator('[data-testid="planner-scene"] canvas');
    const stats = await pixelStats(page, await canvas.screenshot());
    assert.ok(stats.distinctColours >= 40, `canvas is not blank: ${JSON.stringify(stats)}`);

    await page.screenshot({ path: `${RESULTS_DIR}/planner.png` });
    // Turn round the camera that the engine says changes a zone's share: one edit.
    const edit = pickEdit(model);
    const zoneShare = page.locator(`[data-testid="zone-row"][data-zone-id="${edit.zoneId}"]`).getByTestId("zone-share");
    assert.equal(await zoneShare.textContent(), edit.before, `zone ${edit.zoneId} before the edit`);
    await page.getByTestId("camera-select").selectOption(edit.cameraId);
    await page.locator(`[data-testid="camera-editor"][data-camera-id="${edit.cameraId}"]`).waitFor();
    const editsBefore = Number(await page.getByTestId("planner-scene").getAttribute("data-edit-count"));
    await page.getByTestId("yaw").fill(String((Number(await page.getByTestId("yaw").inputValue()) + 180) % 360));
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="planner-scene"]')?.getAttribute("data-edit-count")) > n, editsBefore);
    await page.waitForFunction(([zoneId, want]) => document.querySelector(`[data-testid="zone-row"][data-zone-id="${zoneId}"] [data-testid="zone-share"]`)?.textContent === want,
      [edit.zoneId, edit.after] as const, { timeout: 10_000 }).catch(() => undefined);
    assert.equal(await zoneShare.textContent(), edit.after, `turning camera ${edit.cameraId} changed zone ${edit.zoneId}'s share from ${edit.before}`);

    await page.getByTestId("plan-name").fill("e2e 方案");
    await page.getByTestId("save-plan").click();
    const message = page.getByTestId("plan-message");
    await message.waitFor();
    assert.match((await message.textContent()) ?? "", /已保存/);
    const planId = await message.getAttribute("data-plan-id");
    assert.ok(planId);
    const plan = await trpcQuery<{ changes: unknown[]; name: string }>(baseUrl, cookie, "coverage.plans.get", { planId });
    assert.equal(plan.name, "e2e 方案");
    assert.ok(plan.changes.length >= 1);

    await page.screenshot({ path: `${RESULTS_DIR}/planner.png` });
    assert.deepEqual(errors, []);

    const report = await context.newPage();
    await report.setViewportSize({ width: 1200, height: 900 });
    await report.goto(`${baseUrl}/planner/report/${encodeURIComponent(planId!)}`);
    await report.getByTestId("plan-report").waitFor({ timeout: READY_TIMEOUT_MS });
    assert.ok((await report.locator("svg path").count()) > 1, "blind-spot map drawn");
    await report.screenshot({ path: `${RESULTS_DIR}/planner-report.png`, fullPage: true });
    await report.close();
    await page.close();
  });
});
