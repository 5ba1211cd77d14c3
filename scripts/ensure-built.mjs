// Builds what is missing: the Prisma clients, and the Next.js app when its sources are newer
// than the last build. Used by `npm start` and `npm test`, so a fresh clone needs no extra step.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { copyCesiumAssets } from "./copy-cesium-assets.mjs";

const root = new URL("..", import.meta.url).pathname;

function newestMtimeMs(dir, skip = new Set([".next", "node_modules", "generated", "generated-pg"])) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtimeMs(p, skip) : s.mtimeMs);
  }
  return newest;
}

// The web bundles isomorphic server modules (contracts, coordinates, the coverage engine in a
// Web Worker), so any change under server/ may change the build.
export function ensureBuilt({ web = true } = {}) {
  if (!existsSync(join(root, "server/store/generated/client.ts")) || !existsSync(join(root, "server/store/generated-pg/client.ts"))) {
    console.log("campustwin: generating Prisma clients");
    execFileSync(process.execPath, [join(root, "scripts/prisma-generate.mjs")], { cwd: root, stdio: "inherit" });
  }
  if (!web) return;
  copyCesiumAssets(); // before the build: Next serves only the public/ files present at build time
  const buildId = join(root, "web/.next/BUILD_ID");
  const sources = Math.max(newestMtimeMs(join(root, "web")), newestMtimeMs(join(root, "server")), statSync(join(root, "package-lock.json")).mtimeMs);
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= sources) return;
  console.log("campustwin: building the web app (next build web)");
  execFileSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build", "web"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) ensureBuilt({ web: !process.argv.includes("--no-web") });
