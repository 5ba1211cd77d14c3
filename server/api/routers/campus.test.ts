import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { saveCampusModel } from "../../campus/persist";
import { createTrpcHandler, isTrpcPath } from "../http";
import type { AppRouter } from "../root";
import { createTestDb, type TestDb } from "../../../test/support/db";
import { smallCampus } from "../../../test/e2e/fixtures/small-campus";

describe("tRPC campus router over HTTP", () => {
  let testDb: TestDb;
  let server: Server;
  let client: ReturnType<typeof createTRPCClient<AppRouter>>;

  before(async () => {
    testDb = await createTestDb();
    await saveCampusModel(testDb.db.prisma, smallCampus("c-a", "甲校区"));
    await saveCampusModel(testDb.db.prisma, smallCampus("c-b", "乙校区"));
    const trpc = createTrpcHandler({ db: testDb.db });
    server = createServer((req, res) => {
      const { pathname } = new URL(req.url ?? "/", "http://localhost");
      if (isTrpcPath(pathname)) trpc(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `http://127.0.0.1:${port}/api/trpc` })] });
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await testDb.drop();
  });

  it("campus.list returns every campus as a summary", async () => {
    const list = await client.campus.list.query();
    assert.deepEqual(list.map((c) => [c.id, c.name]).sort(), [["c-a", "甲校区"], ["c-b", "乙校区"]]);
    assert.equal(list[0]!.boundary.length, 4);
    assert.equal("buildings" in list[0]!, false);
  });

  it("campus.get returns the whole model", async () => {
    const m = await client.campus.get.query({ id: "c-b" });
    const fixture = smallCampus("c-b", "乙校区");
    assert.equal(m.name, "乙校区");
    assert.equal(m.buildings.length, fixture.buildings.length);
    assert.equal(m.devices.length, fixture.devices.length);
    assert.deepEqual(m.devices.find((d) => d.id === "c-b:cam-1")?.optics?.yawDeg, 180);
    assert.deepEqual(m.paths.find((p) => p.id === "c-b:wall-1")?.line.length, 5);
  });

  it("campus.get of an unknown id is NOT_FOUND", async () => {
    await assert.rejects(client.campus.get.query({ id: "nope" }), (err: unknown) => {
      assert.ok(err instanceof TRPCError_);
      assert.equal(err.data?.code, "NOT_FOUND");
      assert.match(err.message, /nope/);
      return true;
    });
  });

  it("rejects bad input with BAD_REQUEST", async () => {
    const res = await fetch(`${baseUrl(server)}/api/trpc/campus.get?input=${encodeURIComponent(JSON.stringify({ id: 7 }))}`);
    assert.equal(res.status, 400);
  });
});

const TRPCError_ = TRPCClientError<AppRouter>;

function baseUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
