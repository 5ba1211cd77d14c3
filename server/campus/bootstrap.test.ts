import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDb, type TestDb } from "../../test/support/db";
import type { CampusModel } from "../contracts/campus";
import { ensureDefaultCampus } from "./bootstrap";
import { generateCampus } from "./generator/campus";
import { listCampuses, loadCampusModel, saveCampusModel } from "./persist";

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const canonical = (m: CampusModel): CampusModel => ({
  ...m, buildings: byId(m.buildings), zones: byId(m.zones), paths: byId(m.paths), devices: byId(m.devices),
});

describe("generated campus persistence", () => {
  let t: TestDb;
  before(async () => { t = await createTestDb(); });
  after(async () => { await t.drop(); });

  it("creates the default campus on an empty database, once", async () => {
    const env = { CAMPUS_SIZE: "small" as const, CAMPUS_SEED: 5 };
    const first = await ensureDefaultCampus(t.db, env);
    assert.equal(first.created, true);
    assert.equal(first.campusId, "campus-small-5");
    const again = await ensureDefaultCampus(t.db, env);
    assert.deepEqual(again, { created: false, campusId: "campus-small-5" });
    assert.equal((await listCampuses(t.db.prisma)).length, 1);
  });

  it("saves and loads the default campus unchanged", async () => {
    const model = generateCampus({ seed: 7, size: "default" });
    await saveCampusModel(t.db.prisma, model);
    const loaded = await loadCampusModel(t.db.prisma, model.id);
    assert.deepEqual(canonical(loaded), canonical(model));
  });
});
