import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDb, type TestDb } from "../../../test/support/db";
import { listCampuses, loadCampusModel } from "../persist";
import { runCampusImport } from "./command";
import { OsmBoundaryError, OsmFileError, OsmFormatError, type OsmImportError } from "./errors";
import { importOsmCampusFile } from "./import";

const TONGJI_OSM_PATH = fileURLToPath(new URL("../../../../shared/data/campus/tongji-siping.osm", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SEED = 20261127;

interface RowCounts { campus: number; building: number; zone: number; path: number; device: number }

async function rowCounts(t: TestDb): Promise<RowCounts> {
  const p = t.db.prisma;
  return {
    campus: await p.campus.count(), building: await p.building.count(), zone: await p.zone.count(),
    path: await p.pathSegment.count(), device: await p.device.count(),
  };
}

describe("OSM import into the database", () => {
  let t: TestDb;
  let dir: string;
  const bad: Record<string, string> = {};
  before(async () => {
    t = await createTestDb();
    dir = mkdtempSync(join(tmpdir(), "campustwin-osm-"));
    const write = (name: string, text: string) => { bad[name] = join(dir, name); writeFileSync(bad[name], text); };
    write("not-xml.osm", "id,lat,lon\n1,31.2,121.5\n");
    write("html.osm", "<?xml version=\"1.0\"?><html><body><p>not osm</p></body></html>");
    write("no-campus.osm", `<?xml version="1.0"?><osm version="0.6">
      <node id="1" lat="31" lon="121"/><node id="2" lat="31" lon="121.001"/><node id="3" lat="31.001" lon="121.001"/>
      <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/><tag k="building" v="yes"/></way></osm>`);
    bad.missing = join(dir, "missing.osm");
  });
  after(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports Tongji Siping, equipped by the rules, and loads it back unchanged", async () => {
    const { model, report } = await importOsmCampusFile(t.db.prisma, TONGJI_OSM_PATH, { campusId: "tongji-siping", seed: SEED });
    const loaded = await loadCampusModel(t.db.prisma, "tongji-siping");
    assert.equal(loaded.source, "osm");
    assert.equal(loaded.attribution, "© OpenStreetMap contributors");
    assert.equal(loaded.name, "同济大学");
    assert.ok(loaded.buildings.length >= 120);
    assert.equal(loaded.buildings.length, model.buildings.length);
    assert.equal(loaded.paths.length, model.paths.length);
    assert.equal(loaded.zones.length, model.zones.length);
    assert.equal(loaded.devices.length, model.devices.length);
    assert.ok(loaded.buildings.every((b) => b.heightM > 0));
    assert.deepEqual(loaded.boundary, model.boundary);
    const byKind = (k: string) => loaded.devices.filter((d) => d.kind === k).length;
    assert.ok(byKind("gate") >= 10, `${byKind("gate")} gate devices`);
    assert.ok(byKind("camera") > 0 && byKind("fence_segment") > 0 && byKind("panic_button") > 0);
    assert.equal(report.boundary.osmId, "18788116");
  });

  it("re-importing the same id replaces the campus instead of duplicating it", async () => {
    const before = await rowCounts(t);
    await importOsmCampusFile(t.db.prisma, TONGJI_OSM_PATH, { campusId: "tongji-siping", seed: SEED });
    assert.deepEqual(await rowCounts(t), before);
  });

  const cases: Array<[string, new (...args: never[]) => OsmImportError]> = [
    ["not-xml.osm", OsmFormatError], ["html.osm", OsmFormatError], ["no-campus.osm", OsmBoundaryError], ["missing", OsmFileError],
  ];
  for (const [name, errorClass] of cases) {
    it(`rejects ${name} with ${errorClass.name} and leaves the database unchanged`, async () => {
      const before = await rowCounts(t);
      assert.ok(before.campus >= 1);
      await assert.rejects(importOsmCampusFile(t.db.prisma, bad[name]!, { campusId: "bad", seed: SEED }), errorClass);
      assert.deepEqual(await rowCounts(t), before);
    });
  }

  it("the command prints one line and exits 1 for each bad input, DB unchanged", async () => {
    const before = await rowCounts(t);
    for (const file of Object.values(bad)) {
      const err: string[] = [];
      const code = await runCampusImport([file, "--id", "bad"], { out: () => {}, err: (l) => err.push(l) }, { DATABASE_URL: t.url });
      assert.equal(code, 1);
      assert.equal(err.length, 1);
      assert.doesNotMatch(err[0]!, /\n/);
      assert.match(err[0]!, /^campus:import: /);
    }
    assert.deepEqual(await rowCounts(t), before);
    assert.deepEqual((await listCampuses(t.db.prisma)).map((c) => c.id), ["tongji-siping"]);
  });

  it("the command imports under --id/--name and reports attribution", async () => {
    const out: string[] = [];
    const code = await runCampusImport([TONGJI_OSM_PATH, "--id", "tongji-b", "--name", "同济大学四平路校区", "--boundary", "relation/18788116"],
      { out: (l) => out.push(l), err: (l) => assert.fail(l) }, { DATABASE_URL: t.url });
    assert.equal(code, 0);
    assert.match(out[0]!, /© OpenStreetMap contributors/);
    const loaded = await loadCampusModel(t.db.prisma, "tongji-b");
    assert.equal(loaded.name, "同济大学四平路校区");
  });

  it("the npm script exits with code 1 and a one-line error for a missing file", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "server/cli/campus-import.ts", bad.missing!], {
      cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: t.url },
    });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, /Cannot read OSM file .*missing\.osm: no such file/);
  });
});
