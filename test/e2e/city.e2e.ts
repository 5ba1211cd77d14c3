import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { CampusModel } from "../../server/contracts/campus";
import { Dc09Panel } from "../../simulators/dc09/panel";
import { assertLocalOnly, recordRequests, startCityServer, type CityServer } from "./support/city-server";
import { collectPageErrors, launchChromium, pixelStats } from "./support/browser";
import { loggedInContext } from "./support/login";

// Issue 9 /city: the CesiumJS globe of every campus of a generated city, with status badges
// (open incidents, devices down, alarms today), offline Natural Earth imagery and Cesium's
// assets served by the app; a click on a campus flies there and draws it. No request leaves
// the machine during the page's life.

const CITY_READY_TIMEOUT_MS = 90_000;
const FLIGHT_TIMEOUT_MS = 30_000;
const RESULTS_DIR = "test-results";
const CAMPUS_COUNT = 5;
/** Campus 2 gets today's fence alarm; campus 3 has devices offline. */
const ALARMED = 1;
const DEGRADED = 2;

async function sendFenceAlarm(city: CityServer, campus: CampusModel): Promise<void> {
  const segment = campus.devices.find((d) => d.kind === "fence_segment" && d.parentId)!;
  const host = campus.devices.find((d) => d.id === segment.parentId)!;
  const panel = new Dc09Panel({ host: "127.0.0.1", port: city.server.ports.dc09!, account: String(host.attrs.account) });
  try {
    assert.equal((await panel.report("intrusion", { zone: Number(segment.attrs.zone) })).answer, "ACK");
  } finally {
    await panel.close();
  }
}

async function camera(page: Page): Promise<{ lonDeg: number; latDeg: number; heightM: number }> {
  const globe = page.getByTestId("globe");
  return {
    lonDeg: Number(await globe.getAttribute("data-camera-lon-deg")),
    latDeg: Number(await globe.getAttribute("data-camera-lat-deg")),
    heightM: Number(await globe.getAttribute("data-camera-height-m")),
  };
}

describe("/city (Chromium, CesiumJS, offline)", { timeout: 300_000 }, () => {
  let city: CityServer;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    city = await startCityServer({
      count: CAMPUS_COUNT,
      osmIndex: 4,
      prepare: (m, i) => i !== DEGRADED ? m : { ...m, devices: m.devices.map((d, k) => (d.kind === "camera" && k % 5 === 0 ? { ...d, status: "offline" as const } : d)) },
    });
    await sendFenceAlarm(city, city.campuses[ALARMED]!);
    browser = await launchChromium();
    context = await loggedInContext(browser, city.baseUrl);
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await city?.stop();
  });

  it("shows every campus with its status badge, and a click flies to one", async () => {
    const page = await context.newPage();
    const urls = recordRequests(page);
    const errors = collectPageErrors(page);
    const startedMs = Date.now();
    await page.goto(`${city.baseUrl}/city`);
    await page.waitForSelector('[data-testid="city-stage"][data-city-ready="true"]', { timeout: CITY_READY_TIMEOUT_MS });
    console.log(`/city ready (imagery loaded, statuses in) in ${Date.now() - startedMs} ms (globe ${await page.getByTestId("city-stage").getAttribute("data-ready-ms")} ms after Cesium loaded)`);

    assert.equal(await page.getByTestId("campus-count").textContent(), String(CAMPUS_COUNT));
    assert.equal(await page.getByTestId("globe-badge").count(), CAMPUS_COUNT);
    const level = (id: string) => page.locator(`[data-testid="campus-row"][data-campus-id="${id}"]`).getAttribute("data-level");
    // Fusion runs in the server: the fence alarm opens a high-severity incident, the top level.
    assert.equal(await level(city.campuses[ALARMED]!.id), "critical", "the fence alarm's open incident shows");
    assert.equal(await level(city.campuses[DEGRADED]!.id), "degraded", "offline cameras show");
    assert.equal(await level(city.campuses[0]!.id), "ok");
    const alarmedBadge = page.locator(`[data-testid="globe-badge"][data-campus-id="${city.campuses[ALARMED]!.id}"]`);
    await alarmedBadge.waitFor({ state: "visible" });
    assert.match((await alarmedBadge.textContent()) ?? "", new RegExp(city.campuses[ALARMED]!.name));

    const canvasPng = await page.locator("[data-testid=globe] canvas").first().screenshot();
    const stats = await pixelStats(page, canvasPng);
    assert.ok(stats.distinctColours >= 30, `the globe is drawn (offline imagery): ${JSON.stringify(stats)}`);
    await page.screenshot({ path: `${RESULTS_DIR}/city-overview.png` });

    const target = city.campuses[ALARMED]!;
    const before = await camera(page);
    await alarmedBadge.click();
    await page.waitForSelector(`[data-testid="selected-campus"][data-campus-id="${target.id}"]`);
    await page.waitForSelector(`[data-testid="globe"][data-flying="false"][data-detail-campus-id="${target.id}"]`, { timeout: FLIGHT_TIMEOUT_MS });
    const after = await camera(page);
    assert.ok(after.heightM < before.heightM / 5, `the camera came down: ${before.heightM} → ${after.heightM} m`);
    assert.ok(Math.abs(after.lonDeg - target.origin.lonDeg) < 0.03 && Math.abs(after.latDeg - target.origin.latDeg) < 0.03,
      `the camera is over ${target.name}: ${JSON.stringify(after)} vs ${JSON.stringify(target.origin)}`);
    const globe = page.getByTestId("globe");
    assert.equal(await globe.getAttribute("data-detail-buildings"), String(target.buildings.length));
    assert.equal(await globe.getAttribute("data-detail-beacons"), "1", "the alarmed fence zone has a beacon");
    assert.equal(new URL(page.url()).searchParams.get("campus"), target.id);
    assert.equal(await page.getByTestId("open-twin").getAttribute("href"), `/command?campus=${target.id}`);
    await page.waitForTimeout(500); // let the last imagery tiles of the campus view settle for the picture
    await page.screenshot({ path: `${RESULTS_DIR}/city.png` });

    assertLocalOnly(urls, city.baseUrl);
    assert.ok(urls.some((u) => u.includes("/cesium/Assets/Textures/NaturalEarthII/")), "imagery came from the app's own Natural Earth copy");
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("credits OpenStreetMap once an imported campus is drawn", async () => {
    const osm = city.campuses[4]!;
    const page = await context.newPage();
    const urls = recordRequests(page);
    await page.goto(`${city.baseUrl}/city?campus=${osm.id}`);
    await page.waitForSelector('[data-testid="city-stage"][data-city-ready="true"]', { timeout: CITY_READY_TIMEOUT_MS });
    await page.getByTestId("attribution").waitFor({ state: "visible" });
    assert.equal((await page.getByTestId("attribution").textContent())?.trim(), "© OpenStreetMap contributors");
    assertLocalOnly(urls, city.baseUrl);
    // The 3D views draw the same data: the scene itself carries the credit (command, planner, wall, replay).
    for (const view of ["command", "planner"]) {
      await page.goto(`${city.baseUrl}/${view}?campus=${osm.id}`);
      await page.getByTestId("attribution").waitFor({ state: "visible", timeout: 60_000 });
      assert.equal((await page.getByTestId("attribution").textContent())?.trim(), "© OpenStreetMap contributors", `/${view}`);
    }
    await page.close();
  });
});
