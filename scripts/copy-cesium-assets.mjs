// Copies Cesium's prebuilt bundle and static assets (Workers, Assets incl. the offline Natural
// Earth II imagery, Widgets, ThirdParty) into web/public/cesium/, so /city runs on a private
// network: the browser loads everything from this app, never from a CDN or Cesium ion.
// web/public/cesium/ is build output (.gitignored). Timestamps are preserved so the copy does
// not make ensure-built.mjs think the web sources changed.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const SOURCE_DIR = join(root, "node_modules/cesium/Build/Cesium");
export const CESIUM_PUBLIC_DIR = join(root, "web/public/cesium");
const PARTS = ["Cesium.js", "Workers", "Assets", "Widgets", "ThirdParty"];
const STAMP = ".version";

function cesiumVersion() {
  return JSON.parse(readFileSync(join(root, "node_modules/cesium/package.json"), "utf8")).version;
}

/** Copies when missing or from another Cesium version. Returns true when it wrote anything. */
export function copyCesiumAssets() {
  const version = cesiumVersion();
  const stamp = join(CESIUM_PUBLIC_DIR, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === version) return false;
  rmSync(CESIUM_PUBLIC_DIR, { recursive: true, force: true });
  for (const part of PARTS) {
    cpSync(join(SOURCE_DIR, part), join(CESIUM_PUBLIC_DIR, part), { recursive: true, preserveTimestamps: true });
  }
  writeFileSync(stamp, `${version}\n`);
  console.log(`campustwin: copied Cesium ${version} assets to web/public/cesium`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) copyCesiumAssets();
