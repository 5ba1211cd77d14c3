import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import type { CampusSummary } from "../../server/contracts/campus";
import { startServer, type ServerProcess } from "../support/server";
import { collectPageErrors, launchChromium, pixelStats } from "./support/browser";

// Issue 7 /planner: the real server with its generated campus, Chromium with software WebGL.
// The coverage overlay is drawn, the compliance table lists zones with pass/fail and the rule,
// editing a camera (computed in the Web Worker) changes a figure, and a draft saves.

const READY_TIMEOUT_MS = 120_000;
const RESULTS_DIR = "test-results";

async function trpcQuery<T>(baseUrl: string, path: string, input?: unknown): Promise<T> {
  const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${baseUrl}/api/trpc/${path}${qs}`);
  assert.equal(res.status, 200, `${path} answered ${res.status}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

describe("/planner (Chromium, software WebGL)", { timeout: 300_000 }, () => {
  let server: ServerProcess | null = null;
  let baseUrl: string;
  let browser: Browser;
  let campusId: string;

  before(async () => {
    const external = process.env.E2E_BASE_URL;
    if (external) baseUrl = external.replace(/\/$/, "");
    else {
      server = await startServer();
      baseUrl = server.baseUrl;
    }
    campusId = (await trpcQuery<CampusSummary[]>(baseUrl, "campus.list"))[0]!.id;
    browser = await launchChromium();
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("draws the coverage overlay and the compliance table, recomputes on an edit and saves a draft", async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
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
    // Turn cameras round one by one until the best-covered zone's share changes.
    // (No named inner functions: tsx would wrap them in a __name helper the page lacks.)
    const shares = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-zone-id") ?? "",
      parseFloat(tr.querySelector('[data-testid="zone-share"]')?.textContent ?? "0")] as const));
    const zoneId = [...shares].sort((a, b) => b[1] - a[1])[0]![0];
    const shareBefore = await page.locator(`[data-testid="zone-row"][data-zone-id="${zoneId}"]`).getByTestId("zone-share").textContent();
    assert.notEqual(shareBefore, "0.0%", "some required zone is covered at all");
    const cameraIds = await page.getByTestId("camera-select").locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    let changed = false;
    for (const id of cameraIds) {
      await page.getByTestId("camera-select").selectOption(id);
      await page.getByTestId("camera-editor").waitFor();
      const editsBefore = Number(await page.getByTestId("planner-scene").getAttribute("data-edit-count"));
      await page.getByTestId("yaw").fill(String((Number(await page.getByTestId("yaw").inputValue()) + 180) % 360));
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="planner-scene"]')?.getAttribute("data-edit-count")) > n, editsBefore);
      await page.waitForTimeout(300);
      const shareAfter = await page.locator(`[data-testid="zone-row"][data-zone-id="${zoneId}"]`).getByTestId("zone-share").textContent();
      if (shareAfter !== shareBefore) { changed = true; break; }
    }
    assert.ok(changed, `turning a camera changed zone ${zoneId}'s share from ${shareBefore}`);

    await page.getByTestId("plan-name").fill("e2e 方案");
    await page.getByTestId("save-plan").click();
    const message = page.getByTestId("plan-message");
    await message.waitFor();
    assert.match((await message.textContent()) ?? "", /已保存/);
    const planId = await message.getAttribute("data-plan-id");
    assert.ok(planId);
    const plan = await trpcQuery<{ changes: unknown[]; name: string }>(baseUrl, "coverage.plans.get", { planId });
    assert.equal(plan.name, "e2e 方案");
    assert.ok(plan.changes.length >= 1);

    await page.screenshot({ path: `${RESULTS_DIR}/planner.png` });
    assert.deepEqual(errors, []);

    const report = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await report.goto(`${baseUrl}/planner/report/${encodeURIComponent(planId!)}`);
    await report.getByTestId("plan-report").waitFor({ timeout: READY_TIMEOUT_MS });
    assert.ok((await report.locator("svg path").count()) > 1, "blind-spot map drawn");
    await report.screenshot({ path: `${RESULTS_DIR}/planner-report.png`, fullPage: true });
    await report.close();
    await page.close();
  });
});
