import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { CampusModel, CampusSummary, Device } from "../../server/contracts/campus";
import { Dc09Panel } from "../../simulators/dc09/panel";
import { startServer, type ServerProcess } from "../support/server";
import { collectPageErrors, launchChromium, pixelStats } from "./support/browser";
import { apiLogin, E2E_SERVER_ENV, loggedInContext } from "./support/login";
import { trpcQuery } from "./support/trpc-http";

// Issue 6, /command live: a DC-09 fence alarm reaches the feed and a beacon on its segment within
// 2 s; the incident's linked cameras are highlighted and their virtual views open; acknowledging
// in one browser changes the incident for a second browser; clicking a camera opens its view.

const ALARM_ON_SCREEN_MS = 2000;
const RESULTS_DIR = "test-results";

function fenceTarget(campus: CampusModel): { segment: Device; account: string; zone: number } {
  const segment = campus.devices.filter((d) => d.kind === "fence_segment" && d.parentId)[2]!;
  const host = campus.devices.find((d) => d.id === segment.parentId)!;
  assert.equal(host.kind, "fence_host");
  return { segment, account: String(host.attrs.account), zone: Number(segment.attrs.zone) };
}

async function openCommand(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/command`);
  await page.waitForSelector('[data-testid="scene"][data-scene-ready="true"]', { timeout: 90_000 });
  await page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 30_000 });
}

async function canvasStats(page: Page, selector: string) {
  return pixelStats(page, await page.locator(selector).first().screenshot());
}

describe("/command live (Chromium, software WebGL)", { timeout: 300_000 }, () => {
  let server: ServerProcess;
  let browser: Browser;
  let ctxA: BrowserContext;
  let ctxB: BrowserContext;
  let campus: CampusModel;

  before(async () => {
    server = await startServer(E2E_SERVER_ENV);
    const cookie = await apiLogin(server.baseUrl);
    const [first] = await trpcQuery<CampusSummary[]>(server.baseUrl, cookie, "campus.list");
    campus = await trpcQuery<CampusModel>(server.baseUrl, cookie, "campus.get", { id: first!.id });
    browser = await launchChromium();
    ctxA = await loggedInContext(browser, server.baseUrl);
    ctxB = await loggedInContext(browser, server.baseUrl, { width: 1280, height: 800 });
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async () => {
    await ctxA?.close();
    await ctxB?.close();
    await browser?.close();
    await server?.stop();
  });

  it("shows a DC-09 fence alarm in the feed and as a beacon on its segment within 2 s; an acknowledgement reaches a second browser", async () => {
    const page = await ctxA.newPage();
    const other = await ctxB.newPage();
    const errors = collectPageErrors(page);
    await Promise.all([openCommand(page, server.baseUrl), openCommand(other, server.baseUrl)]);
    await page.screenshot({ path: `${RESULTS_DIR}/command-live.png` });

    const { segment, account, zone } = fenceTarget(campus);
    assert.deepEqual(await page.evaluate(() => window.campusTwinScene!.beaconDeviceIds()), [], "no beacon before the alarm");
    const panel = new Dc09Panel({ host: "127.0.0.1", port: server.ports.dc09!, account });
    try {
      const sentMs = Date.now();
      const sent = await panel.report("intrusion", { zone });
      assert.equal(sent.answer, "ACK");
      const deadlineMs = Math.max(1, ALARM_ON_SCREEN_MS - (Date.now() - sentMs));
      await Promise.all([
        page.waitForFunction((id: string) => window.campusTwinScene!.beaconDeviceIds().includes(id), segment.id, { timeout: deadlineMs }),
        page.locator(`[data-testid="event-feed"] li[data-kind="fence.alarm"][data-device-id="${segment.id}"]`).waitFor({ timeout: deadlineMs }),
      ]);
      console.log(`fence alarm: beacon and feed row ${Date.now() - sentMs} ms after the panel sent it`);
    } finally {
      await panel.close();
    }

    // The incident fusion opened: fly to it, linked cameras highlighted with their virtual views.
    const row = page.locator('[data-testid="incident-list"] li[data-incident-id]').first();
    await row.waitFor({ timeout: 10_000 });
    const incidentId = (await row.getAttribute("data-incident-id"))!;
    await row.locator("button").click();
    const incidentPanel = page.getByTestId("incident-panel");
    await incidentPanel.waitFor();
    assert.equal(await incidentPanel.getAttribute("data-incident-id"), incidentId);
    assert.ok(await page.locator('[data-testid="sop"] li').count() >= 1, "the SOP checklist is shown");
    const linked = await page.locator('[data-testid="virtual-views"] figure[data-linked="true"]').count();
    assert.ok(linked >= 1, `linked cameras' virtual views are open and highlighted (${linked})`);
    await page.waitForTimeout(1500); // the fly-to settles
    const view = await canvasStats(page, '[data-testid="virtual-view"] canvas');
    assert.ok(view.distinctColours >= 8 && view.foregroundShare >= 0.02, `the virtual view is not blank: ${JSON.stringify(view)}`);
    await page.screenshot({ path: `${RESULTS_DIR}/command-incident.png` });

    await other.locator(`[data-testid="incident-list"] li[data-incident-id="${incidentId}"][data-state="open"]`).waitFor({ timeout: 10_000 });
    await page.getByTestId("incident-acknowledge").click();
    await page.locator('[data-testid="incident-state"]').filter({ hasText: /已确认|Acknowledged/ }).waitFor({ timeout: 10_000 });
    await other.locator(`[data-testid="incident-list"] li[data-incident-id="${incidentId}"][data-state="acknowledged"]`).waitFor({ timeout: 10_000 });
    assert.deepEqual(errors, []);
    await page.close();
    await other.close();
  });

  it("opens a camera's virtual view when the camera is clicked in the scene", async () => {
    const page = await ctxA.newPage();
    const errors = collectPageErrors(page);
    await openCommand(page, server.baseUrl);
    const camera = campus.devices.find((d) => d.kind === "camera" && d.buildingId === null && d.optics)!;
    // Find it as a person would: search its id, pick the result (the view flies there), click it.
    await page.getByTestId("search").locator("input").fill(camera.id);
    await page.locator('[data-testid="search-results"] [data-testid="search-device"]').first().click();
    await page.getByTestId("layer-frustums").uncheck(); // a clear line of sight to the marker
    await page.keyboard.press("Escape");
    await page.locator('[data-testid="device-panel"] button[aria-label]').first().click(); // close the file: the click must reopen it
    await page.waitForTimeout(1500);
    const at = await page.evaluate((id: string) => window.campusTwinScene!.screenOf(id), camera.id);
    assert.ok(at, "the camera is in front of the view");
    await page.mouse.click(at.x, at.y);
    await page.locator(`[data-testid="device-panel"][data-device-id="${camera.id}"]`).waitFor({ timeout: 5000 });
    const pip = page.locator(`[data-testid="virtual-views"] figure[data-camera-id="${camera.id}"]`);
    await pip.waitFor({ timeout: 5000 });
    await page.waitForTimeout(800);
    const stats = await pixelStats(page, await pip.locator("canvas").screenshot());
    assert.ok(stats.distinctColours >= 8 && stats.foregroundShare >= 0.02, `virtual view not blank: ${JSON.stringify(stats)}`);
    await page.screenshot({ path: `${RESULTS_DIR}/command-virtual-view.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
