import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { generateCity } from "../../../server/campus/generator/city";
import { saveCampusModel } from "../../../server/campus/persist";
import { createEventLog } from "../../../server/events/log";
import type { CampusModel } from "../../../server/contracts/campus";
import type { NewCampusEvent } from "../../../server/contracts/event";
import { createDb } from "../../../server/store/db";
import { migrate } from "../../../server/store/migrate";
import { startServer, type ServerProcess } from "../../support/server";
import { E2E_SERVER_ENV } from "./login";

// A server whose database holds a generated city (N campuses around Shanghai), for /city and
// /map. The data dir is prepared before start-up, so the server sees the campuses as a real
// deployment would (no default campus is generated next to them). Simulators are off: the
// tests send exactly the device traffic they assert on.

export const CITY_CENTRE = { latDeg: 31.23, lonDeg: 121.47, altM: 4 };

export interface CityServer {
  server: ServerProcess;
  baseUrl: string;
  campuses: CampusModel[];
  stop(): Promise<void>;
}

/** Campus `osmIndex` is stored as an OpenStreetMap import (source "osm", ODbL attribution). */
export async function startCityServer(opts: {
  count: number; seed?: number; osmIndex?: number;
  prepare?: (m: CampusModel, i: number) => CampusModel;
  /** Events already in the log when the server starts (e.g. today's patrol check-ins). */
  events?: (campuses: CampusModel[]) => NewCampusEvent[];
}): Promise<CityServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "campustwin-city-"));
  const url = `file:${dataDir}/campustwin.db`;
  const campuses = generateCity({ seed: opts.seed ?? 7, count: opts.count, center: CITY_CENTRE, size: "small" }).map((m, i) => {
    const marked = i === opts.osmIndex ? { ...m, source: "osm" as const, attribution: "© OpenStreetMap contributors" } : m;
    return opts.prepare ? opts.prepare(marked, i) : marked;
  });
  await migrate(url);
  const db = createDb(url);
  try {
    for (const m of campuses) await saveCampusModel(db.prisma, m);
    // Device status is derived from the log (fusion reconciles the table with it at start), so
    // a device prepared as offline is told to the log the way its listener would report it.
    const log = createEventLog(db);
    const offline = campuses.flatMap((m) => m.devices.filter((d) => d.status === "offline").map((d) => ({ m, d })));
    await log.append(offline.map(({ m, d }) => ({
      id: `city-e2e:offline:${d.id}`, campusId: m.id, kind: "device.offline", severity: 2, occurredAt: new Date(), deviceId: d.id,
      location: { xM: d.position[0], yM: d.position[1], floor: d.floor }, source: { protocol: "simulator" as const, rawRef: null },
    })));
    if (opts.events) await log.append(opts.events(campuses));
    await log.close();
  } finally {
    await db.close();
  }
  const server = await startServer({ DATA_DIR: dataDir, SIMULATE: "0", ...E2E_SERVER_ENV });
  return {
    server,
    baseUrl: server.baseUrl,
    campuses,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every URL the page requests, from the first navigation on (documents, scripts, workers, XHR, sockets). */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (req) => urls.push(req.url()));
  page.on("websocket", (ws) => urls.push(ws.url()));
  return urls;
}

/**
 * Nothing may leave the machine (a campus security network has no internet): every request goes
 * to the app's own origin. `data:` and `blob:` URLs of that origin are in-memory, not requests.
 */
export function assertLocalOnly(urls: readonly string[], baseUrl: string): void {
  const origin = new URL(baseUrl);
  const wsOrigin = `ws://${origin.host}/`;
  const foreign = urls.filter((u) => !(u.startsWith(`${origin.origin}/`) || u.startsWith(wsOrigin) || u.startsWith(`blob:${origin.origin}/`) || u.startsWith("data:")));
  assert.deepEqual(foreign, [], `requests left the app's origin: ${foreign.slice(0, 10).join(", ")}`);
  assert.ok(origin.hostname === "127.0.0.1", `the server under test listens on 127.0.0.1, not ${origin.hostname}`);
}
