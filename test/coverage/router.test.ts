import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { TRPCError } from "@trpc/server";
import { saveCampusModel } from "../../server/campus/persist";
import { appRouter } from "../../server/api/root";
import { createCallerFactory } from "../../server/api/trpc";
import { contextFor } from "../../server/api/context";
import { createApiServices } from "../../server/api/services";
import { createEventLog } from "../../server/events/log";
import { createTestDb, type TestDb } from "../support/db";
import { camera, campus, rect, zone } from "./builders";

const createCaller = createCallerFactory(appRouter);

describe("tRPC coverage router", () => {
  let testDb: TestDb;
  let caller: ReturnType<typeof createCaller>;

  before(async () => {
    testDb = await createTestDb();
    const model = campus({
      sizeM: 120,
      zones: [zone("gate-main", "gate", rect(57, 2, 63, 8))],
      cameras: [camera("gate-cam", 60, 14, 3.5, { yawDeg: 180, pitchDeg: -10, hfovDeg: 60, vfovDeg: 36, resolutionW: 3840, resolutionH: 2160 })],
    });
    await saveCampusModel(testDb.db.prisma, { ...model, id: "cov-1" });
    const services = createApiServices({ db: testDb.db, events: createEventLog(testDb.db) });
    caller = createCaller(contextFor(services, { id: "u-planner", username: "planner1", displayName: "规划员", role: "planner", campusScope: "*", mustChangePassword: false }));
  });

  after(async () => {
    await testDb.drop();
  });

  it("analyse reports the gate passing, and failing once a draft removes its camera", async () => {
    const [live] = await caller.coverage.analyse({ campusId: "cov-1" });
    assert.equal(live!.pass, true);
    const [draft] = await caller.coverage.analyse({ campusId: "cov-1", edits: [{ op: "remove", cameraId: "gate-cam" }] });
    assert.equal(draft!.pass, false);
    assert.equal(draft!.share, 0);
  });

  it("suggest proposes cameras with a lens from the catalogue", async () => {
    const lenses = await caller.coverage.lenses();
    const out = await caller.coverage.suggest({ campusId: "cov-1", count: 1, edits: [{ op: "remove", cameraId: "gate-cam" }] });
    assert.ok(out.suggestions.length <= 1);
    for (const s of out.suggestions) assert.ok(lenses.some((l) => l.id === s.lensId));
  });

  it("an unknown campus is NOT_FOUND", async () => {
    await assert.rejects(caller.coverage.analyse({ campusId: "nope" }), (err: unknown) => err instanceof TRPCError && err.code === "NOT_FOUND");
  });
});
