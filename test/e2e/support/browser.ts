import { chromium, type Browser, type Page } from "playwright-core";

// Headless Chromium for the end-to-end suites: Debian's chromium with software WebGL
// (SwiftShader through ANGLE), so the 3D view renders on machines without a GPU.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Collects everything that would show up as an error in the page's console or as an uncaught throw. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console.error: ${msg.text()}`);
  });
  page.on("requestfailed", (req) => {
    const failure = req.failure()?.errorText ?? "";
    // Navigations away abort in-flight requests; that is not an error of the page.
    if (!failure.includes("ERR_ABORTED")) errors.push(`requestfailed: ${req.url()} ${failure}`);
  });
  return errors;
}

export interface PixelStats {
  widthPx: number;
  heightPx: number;
  /** Distinct colours after quantising each channel to 5 bits (ignores antialiasing noise). */
  distinctColours: number;
  /** Share of pixels that differ from the most common colour (the background) by more than a threshold. */
  foregroundShare: number;
}

/**
 * Decodes a PNG in the page itself (no PNG library needed in Node) and measures how much is drawn.
 * A blank or failed WebGL canvas is one flat colour: 1 distinct colour and ~0 foreground.
 */
export async function pixelStats(page: Page, png: Buffer): Promise<PixelStats> {
  return page.evaluate(async (b64: string) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const bmp = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2d context");
    ctx.drawImage(bmp, 0, 0);
    const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height);
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = ((data[i]! >> 3) << 10) | ((data[i + 1]! >> 3) << 5) | (data[i + 2]! >> 3);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    let bgKey = 0;
    let bgCount = -1;
    for (const [k, n] of counts) if (n > bgCount) [bgKey, bgCount] = [k, n];
    const [br, bg, bb] = [(bgKey >> 10) << 3, ((bgKey >> 5) & 31) << 3, (bgKey & 31) << 3];
    let fg = 0;
    for (let i = 0; i < data.length; i += 4) {
      const d = Math.abs(data[i]! - br) + Math.abs(data[i + 1]! - bg) + Math.abs(data[i + 2]! - bb);
      if (d > 40) fg++;
    }
    return { widthPx: bmp.width, heightPx: bmp.height, distinctColours: counts.size, foregroundShare: fg / (bmp.width * bmp.height) };
  }, png.toString("base64"));
}
