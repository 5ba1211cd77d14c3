import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import type { CampusModel, CampusSummary } from "../../server/contracts/campus";
import { Dc09Panel } from "../../simulators/dc09/panel";
import { startServer, type ServerProcess } from "../support/server";
import { collectPageErrors, launchChromium, pixelStats } from "./support/browser";
import { apiLogin, E2E_SERVER_ENV, loggedInContext } from "./support/login";
import { trpcQuery } from "./support/trpc-http";

// Issue 6, /wall: at 3840×2160 every region renders (KPIs, 3D overview, incidents, camera views);
// after the server restarts (same port, same data) the wall reconnects by itself and shows a new
// alarm without a reload.

const RESULTS_DIR = "test-results";
const VIEWPORT = { width: 3840, height: 2160 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe("/wall (Chromium, software WebGL, 3840×2160)", { timeout: 420_000 }, () => {
  let server: ServerProcess;
  let env: Record<string, string>;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let campus: CampusModel;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "campustwin-wall-"));
    env = { ...E2E_SERVER_ENV, PORT: String(await freePort()), DATA_DIR: dataDir };
    server = await startServer(env);
    const cookie = await apiLogin(server.baseUrl);
    const [first] = await trpcQuery<CampusSummary[]>(server.baseUrl, cookie, "campus.list");
    campus = await trpcQuery<CampusModel>(server.baseUrl, cookie, "campus.get", { id: first!.id });
    browser = await launchChromium();
    context = await loggedInContext(browser, server.baseUrl, VIEWPORT);
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("renders every region at 3840×2160 and resumes after a server restart without a reload", async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.baseUrl}/wall?layout=tile&size=3840x2160`);
    await page.waitForSelector('[data-testid="wall"][data-ready="true"]', { timeout: 120_000 });
    await page.waitForSelector('[data-testid="wall-connection"][data-state="live"]', { timeout: 30_000 });
    assert.equal(await page.getByTestId("wall").getAttribute("data-layout"), "tile");

    for (const region of ["wall-kpis", "wall-overview", "wall-incidents", "wall-cameras"]) {
      const box = await page.getByTestId(region).boundingBox();
      assert.ok(box && box.width > 400 && box.height > 80, `${region} is laid out: ${JSON.stringify(box)}`);
    }
    assert.equal(await page.locator('[data-testid="wall-kpis"] > div').count(), 7, "seven KPIs (R-1.4)");
    const overview = await pixelStats(page, await page.locator('[data-testid="wall-overview"] canvas').screenshot());
    assert.ok(overview.distinctColours >= 40 && overview.foregroundShare >= 0.05, `3D overview drawn: ${JSON.stringify(overview)}`);
    assert.ok(await page.locator('[data-testid="wall-camera"] canvas').count() >= 1, "camera views are shown");
    const camera = await pixelStats(page, await page.locator('[data-testid="wall-camera"] canvas').first().screenshot());
    assert.ok(camera.distinctColours >= 8, `camera view drawn: ${JSON.stringify(camera)}`);
    await page.screenshot({ path: `${RESULTS_DIR}/wall.png` });

    // Server restart: same port and data; the page must not reload (the marker survives).
    await page.evaluate(() => { (window as unknown as { wallMarker: number }).wallMarker = 42; });
    await server.stop({ keepData: true });
    await page.waitForSelector('[data-testid="wall-connection"]:not([data-state="live"])', { timeout: 20_000 });
    await page.screenshot({ path: `${RESULTS_DIR}/wall-reconnecting.png`, clip: { x: 0, y: 0, width: 3840, height: 400 } });
    server = await startServer(env);
    await page.waitForSelector('[data-testid="wall-connection"][data-state="live"]', { timeout: 60_000 });

    const segment = campus.devices.filter((d) => d.kind === "fence_segment" && d.parentId)[1]!;
    const host = campus.devices.find((d) => d.id === segment.parentId)!;
    const panel = new Dc09Panel({ host: "127.0.0.1", port: server.ports.dc09!, account: String(host.attrs.account) });
    try {
      assert.equal((await panel.report("intrusion", { zone: Number(segment.attrs.zone) })).answer, "ACK");
    } finally {
      await panel.close();
    }
    await page.locator('[data-testid="wall-incidents"] li[data-incident-id]').first().waitFor({ timeout: 20_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { wallMarker?: number }).wallMarker), 42, "no reload happened");
    await page.screenshot({ path: `${RESULTS_DIR}/wall-alarm.png` });
    assert.deepEqual(errors.filter((e) => !/requestfailed|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e)), []);
    await page.close();
  });
});
