import type * as CesiumNamespace from "cesium";

// Loads CesiumJS in the browser only, from this app's own origin (/cesium/, copied from the
// cesium package at build time by scripts/copy-cesium-assets.mjs): the prebuilt bundle, its
// Workers, Assets (the offline Natural Earth II imagery) and Widgets CSS. The prebuilt bundle
// is what Cesium ships for apps that serve it themselves; bundling @cesium/engine's sources
// through the Next build instead would add minutes to every build for the same code.
// CESIUM_BASE_URL must be set before the bundle runs: workers and assets resolve against it.

export type Cesium = typeof CesiumNamespace;

declare global {
  interface Window {
    Cesium?: Cesium;
    CESIUM_BASE_URL?: string;
  }
}

export const CESIUM_BASE_URL = "/cesium/";
/** Natural Earth II, levels 0–2, shipped inside the cesium package (no network imagery). */
export const NATURAL_EARTH_URL = `${CESIUM_BASE_URL}Assets/Textures/NaturalEarthII`;

let loading: Promise<Cesium> | null = null;

function addOnce(tag: "script" | "link", url: string, onload: () => void, onerror: () => void): void {
  const el = tag === "script" ? Object.assign(document.createElement("script"), { src: url, async: true }) : Object.assign(document.createElement("link"), { rel: "stylesheet", href: url });
  el.addEventListener("load", onload);
  el.addEventListener("error", onerror);
  document.head.append(el);
}

export function loadCesium(): Promise<Cesium> {
  loading ??= new Promise<Cesium>((resolve, reject) => {
    window.CESIUM_BASE_URL = CESIUM_BASE_URL;
    addOnce("link", `${CESIUM_BASE_URL}Widgets/widgets.css`, () => undefined, () => undefined);
    if (window.Cesium) return resolve(window.Cesium);
    addOnce("script", `${CESIUM_BASE_URL}Cesium.js`, () => {
      const lib = window.Cesium;
      if (!lib) return reject(new Error("Cesium.js loaded but did not define window.Cesium"));
      // No Cesium ion on a private network: an empty token makes any accidental ion use fail
      // loudly instead of reaching out with the demo token.
      lib.Ion.defaultAccessToken = "";
      resolve(lib);
    }, () => {
      loading = null;
      reject(new Error(`${CESIUM_BASE_URL}Cesium.js failed to load`));
    });
  });
  return loading;
}
