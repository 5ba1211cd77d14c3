import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { CampusModel, CampusSummary } from "../../server/contracts/campus";
import { startServer, type ServerProcess } from "../support/server";
import { collectPageErrors, launchChromium, pixelStats } from "./support/browser";
import { apiLogin, E2E_SERVER_ENV, loggedInContext } from "./support/login";
import { trpcQuery, trpcMutation } from "./support/trpc-http";

// Issue 2 item 10: the real server with its generated default campus, Chromium with software
// WebGL, /command renders the campus in 3D. E2E_BASE_URL points the suite at a running server.

const SCENE_READY_TIMEOUT_MS = 90_000;
const RESULTS_DIR = "test-results";

async function openCommand(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="scene"][data-scene-ready="true"]', { timeout: SCENE_READY_TIMEOUT_MS });
}

describe("/command (Chromium, software WebGL)", { timeout: 240_000 }, () => {
  let server: ServerProcess | null = null;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let campus: CampusModel;

  before(async () => {
    const external = process.env.E2E_BASE_URL;
    if (external) baseUrl = external.replace(/\/$/, "");
    else {
      server = await startServer(E2E_SERVER_ENV);
      baseUrl = server.baseUrl;
    }
    const cookie = await apiLogin(baseUrl);
    const campuses = await trpcQuery<CampusSummary[]>(baseUrl, cookie, "campus.list");
    assert.ok(campuses.length >= 1, "the server created its default campus on first run");
    campus = await trpcQuery<CampusModel>(baseUrl, cookie, "campus.get", { id: campuses[0]!.id });
    browser = await launchChromium();
    context = await loggedInContext(browser, baseUrl);
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it("draws the default campus in 3D with its name, legend and no page errors", async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await openCommand(page, `${baseUrl}/command`);

    assert.equal((await page.getByTestId("campus-name").textContent())?.trim(), campus.name);
    const scene = page.getByTestId("scene");
    assert.equal(await scene.getAttribute("data-campus-id"), campus.id);
    assert.equal(await page.getByTestId("count-buildings").textContent(), String(campus.buildings.length));
    assert.equal(await page.getByTestId("count-devices").textContent(), String(campus.devices.length));

    // Merged and instanced layers: draw calls stay a small constant, not one per building or device.
    const drawCalls = Number(await scene.getAttribute("data-draw-calls"));
    assert.ok(drawCalls > 5 && drawCalls < 40, `draw calls ${drawCalls}`);

    const canvasPng = await page.locator("canvas").screenshot();
    const stats = await pixelStats(page, canvasPng);
    assert.ok(stats.widthPx >= 1000 && stats.heightPx >= 600, `canvas fills the page: ${JSON.stringify(stats)}`);
    assert.ok(stats.distinctColours >= 40, `canvas is not blank: ${JSON.stringify(stats)}`);
    assert.ok(stats.foregroundShare >= 0.05, `campus covers the view: ${JSON.stringify(stats)}`);

    await page.screenshot({ path: `${RESULTS_DIR}/command.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("shows the OSM attribution only for imported campuses", async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    await openCommand(page, `${baseUrl}/command`);
    assert.equal(await page.getByTestId("attribution").count(), campus.source === "osm" ? 1 : 0);
    await page.close();
  });

  it("sends a visitor without a session to the login page", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${baseUrl}/command`);
    await page.waitForURL((url) => url.pathname === "/login", { timeout: 30_000 });
    assert.equal(new URL(page.url()).searchParams.get("next"), "/command");
    assert.equal(await page.getByTestId("login-form").count(), 1);
    await page.close();
  });

  it("redirects / to /command and falls back to the first campus for an unknown id", async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    const errors = collectPageErrors(page);
    await page.goto(`${baseUrl}/`);
    assert.match(new URL(page.url()).pathname, /^\/command$/);
    await openCommand(page, `${baseUrl}/command?campus=no-such-campus`);
    assert.equal(await page.getByTestId("scene").getAttribute("data-campus-id"), campus.id);
    assert.equal(new URL(page.url()).searchParams.get("campus"), campus.id);
    assert.deepEqual(errors, []);
    await page.close();
  });
  it("marks a running drill with a banner on the command screen, and clears it when the drill ends", async () => {
    const cookie = await apiLogin(baseUrl);
    const drill = await trpcMutation<{ id: string }>(baseUrl, cookie, "drills.start", { campusId: campus.id, scenario: "night-fence-intrusion", speed: 60 });
    const page = await context.newPage();
    try {
      await openCommand(page, `${baseUrl}/command?campus=${encodeURIComponent(campus.id)}`);
      const banner = page.getByTestId("drill-banner");
      await banner.waitFor({ state: "visible", timeout: 15_000 });
      assert.match((await banner.textContent()) ?? "", new RegExp(`演练.*${drill.id}`));
      await trpcMutation(baseUrl, cookie, "drills.end", { drillId: drill.id });
      await banner.waitFor({ state: "detached", timeout: 15_000 });
    } finally {
      await page.close();
    }
  });
});
