import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildOsmCampusSite } from "../../server/campus/osm/site";
import { equipSite } from "../../server/campus/osm/import";
import { saveCampusModel } from "../../server/campus/persist";
import { createTestDb } from "../support/db";

// OSM import benchmark on the real Tongji Siping export (1.4 MB, shared test data read in
// place): wall time of each stage — parse + site (pure), equip (rules), save (one transaction).
// Database follows TEST_DATABASE_URL (SQLite by default).
// Standalone: `tsx test/bench/osm-import.ts` prints `RESULT osm_import_<stage>_ms <n>`.

const TONGJI_OSM_PATH = fileURLToPath(new URL("../../../shared/data/campus/tongji-siping.osm", import.meta.url));

export async function benchOsmImport(): Promise<{ siteMs: number; equipMs: number; saveMs: number; totalMs: number }> {
  const xml = readFileSync(TONGJI_OSM_PATH, "utf8");
  const t0 = performance.now();
  const { site } = buildOsmCampusSite(xml, { campusId: "bench-tongji" });
  const t1 = performance.now();
  const model = equipSite(site, 20261127);
  const t2 = performance.now();
  const tdb = await createTestDb();
  try {
    const t3 = performance.now();
    await saveCampusModel(tdb.db.prisma, model);
    const t4 = performance.now();
    return { siteMs: t1 - t0, equipMs: t2 - t1, saveMs: t4 - t3, totalMs: t2 - t0 + (t4 - t3) };
  } finally {
    await tdb.drop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchOsmImport();
  for (const [stage, ms] of Object.entries({ site: r.siteMs, equip: r.equipMs, save: r.saveMs, total: r.totalMs })) {
    console.log(`RESULT osm_import_${stage}_ms ${Math.round(ms)}`);
  }
}
