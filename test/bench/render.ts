// `npm run bench:render`: headless Chromium with software WebGL (SwiftShader) renders
//   (a) the default campus live on /command (logged in, live socket connected),
//   (b) the stress scene: 1,000 frustums, 50,000 moving agents and the density heatmap, drawn
//       with the product's instanced layer components (/command/bench?mode=instanced),
//   (c) the same stress scene drawn naively, one mesh per object (/command/bench?mode=naive),
// in one browser run, and prints draw calls, triangles and the median main-thread CPU ms per frame
// (every useFrame update + gl.render submission, 40 frames driven synchronously), plus the ratios.
// Targets (issue 6): stress draw calls ≤ 10 and not growing with agents; stress CPU ≤ 3 ms/frame;
// ≥ 20× less CPU per frame than the naive baseline. E2E_BASE_URL measures a running server.
import type { Browser, Page } from "playwright-core";
import { startServer, type ServerProcess } from "../support/server";
import { launchChromium } from "../e2e/support/browser";
import { E2E_SERVER_ENV, loggedInContext } from "../e2e/support/login";

const FRAMES = 40;
const VIEWPORT = { width: 1280, height: 720 };

interface Measured { frames: number; medianCpuMs: number; p90CpuMs: number; drawCalls: number; triangles: number }

async function measureStress(browser: Browser, baseUrl: string, mode: "instanced" | "naive", agents: number): Promise<Measured> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.goto(`${baseUrl}/command/bench?mode=${mode}&frustums=1000&agents=${agents}`);
    await page.waitForFunction(() => window.campusTwinBench?.ready === true, undefined, { timeout: 120_000 });
    return await page.evaluate((n) => window.campusTwinBench!.measure(n), FRAMES);
  } finally {
    await page.close();
  }
}

async function measureDefault(page: Page, baseUrl: string): Promise<Measured> {
  await page.goto(`${baseUrl}/command`);
  await page.waitForSelector('[data-testid="scene"][data-scene-ready="true"]', { timeout: 120_000 });
  await page.waitForFunction(() => window.campusTwinScene !== undefined);
  return page.evaluate((n) => window.campusTwinScene!.measure(n), FRAMES);
}

function row(name: string, m: Measured): string {
  return `${name.padEnd(34)} ${String(m.drawCalls).padStart(7)} ${String(m.triangles).padStart(11)} ${m.medianCpuMs.toFixed(2).padStart(9)} ${m.p90CpuMs.toFixed(2).padStart(9)}`;
}

async function main(): Promise<void> {
  let server: ServerProcess | null = null;
  const external = process.env.E2E_BASE_URL?.replace(/\/$/, "");
  const baseUrl = external ?? (server = await startServer(E2E_SERVER_ENV)).baseUrl;
  const browser = await launchChromium();
  try {
    const context = await loggedInContext(browser, baseUrl, VIEWPORT);
    const page = await context.newPage();
    const def = await measureDefault(page, baseUrl);
    await context.close();
    const small = await measureStress(browser, baseUrl, "instanced", 5000);
    const stress = await measureStress(browser, baseUrl, "instanced", 50_000);
    const naive = await measureStress(browser, baseUrl, "naive", 50_000);

    console.log(`\nrender benchmark: Chromium ${browser.version()}, software WebGL (SwiftShader), ${VIEWPORT.width}×${VIEWPORT.height}, median of ${FRAMES} frames`);
    console.log(`${"scene".padEnd(34)} ${"draws".padStart(7)} ${"triangles".padStart(11)} ${"cpu ms".padStart(9)} ${"p90 ms".padStart(9)}`);
    console.log(row("default campus, live (/command)", def));
    console.log(row("stress 1k frustums + 5k agents", small));
    console.log(row("stress 1k frustums + 50k agents", stress));
    console.log(row("naive 1k frustums + 50k agents", naive));
    const ratio = naive.medianCpuMs / Math.max(stress.medianCpuMs, 1e-3);
    console.log(`\nnaive / instanced CPU per frame: ${ratio.toFixed(1)}×; stress draw calls at 5k vs 50k agents: ${small.drawCalls} vs ${stress.drawCalls}`);
    console.log(`targets: draw calls ≤ 10 ${stress.drawCalls <= 10 ? "✓" : "✗"} · not growing with agents ${stress.drawCalls === small.drawCalls ? "✓" : "✗"} · cpu ≤ 3 ms ${stress.medianCpuMs <= 3 ? "✓" : "✗"} · ≥ 20× ${ratio >= 20 ? "✓" : "✗"}`);
    console.log(`RESULT stress_draw_calls ${stress.drawCalls}`);
    console.log(`RESULT stress_draw_calls_5k_agents ${small.drawCalls}`);
    console.log(`RESULT stress_triangles ${stress.triangles}`);
    console.log(`RESULT stress_cpu_ms ${stress.medianCpuMs.toFixed(2)}`);
    console.log(`RESULT naive_cpu_ms ${naive.medianCpuMs.toFixed(2)}`);
    console.log(`RESULT naive_to_stress_cpu_ratio ${ratio.toFixed(1)}`);
    console.log(`RESULT default_cpu_ms ${def.medianCpuMs.toFixed(2)}`);
    console.log(`RESULT default_draw_calls ${def.drawCalls}`);
  } finally {
    await browser.close();
    await server?.stop();
  }
}

await main();
