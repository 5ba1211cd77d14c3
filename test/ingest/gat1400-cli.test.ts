import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runGat1400Cli } from "../../simulators/gat1400/cli";
import { LPR_ID, PASSWORD, startHarness, WATCH_PLATE, type Harness } from "./gat1400-support";

// The simulator's command line (`npm run sim -- gat1400 …`): usage errors, one-shot actions
// for scenarios, and a short timed run that registers, keeps alive, posts and unregisters.

describe("GA/T 1400 simulator CLI", () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(() => h.stop());

  it("exits 2 on bad usage", async () => {
    assert.equal(await runGat1400Cli(["--server", "127.0.0.1:1", "--id", LPR_ID, "--kind", "drone"]), 2);
    assert.equal(await runGat1400Cli(["--id", LPR_ID, "--kind", "lpr"]), 2);
    assert.equal(await runGat1400Cli(["--server", "127.0.0.1:1", "--id", LPR_ID, "--kind", "lpr", "--bad", "nonsense"]), 2);
  });

  it("posts a watchlisted plate on demand (exit 0) and the server raises vehicle.watchlist_hit", async () => {
    const code = await runGat1400Cli(["--server", `127.0.0.1:${h.port}`, "--id", LPR_ID, "--kind", "lpr", "--password", PASSWORD, "--watchlist-plate", WATCH_PLATE]);
    assert.equal(code, 0);
    assert.ok(await h.tdb.db.prisma.event.findFirst({ where: { kind: "vehicle.watchlist_hit", deviceId: "dev-lpr-1" } }));
  });

  it("runs for --duration-s at --rate, then unregisters", async () => {
    const before = await h.tdb.db.prisma.event.count({ where: { kind: "lpr.read" } });
    const code = await runGat1400Cli(["--server", `127.0.0.1:${h.port}`, "--id", LPR_ID, "--kind", "lpr", "--password", PASSWORD, "--rate", "20", "--duration-s", "2.5", "--no-images"]);
    assert.equal(code, 0);
    assert.ok((await h.tdb.db.prisma.event.count({ where: { kind: "lpr.read" } })) > before, "records were posted");
    const last = await h.tdb.db.prisma.event.findFirst({ where: { deviceId: "dev-lpr-1", kind: { startsWith: "device." } }, orderBy: { seq: "desc" } });
    assert.equal(last!.kind, "device.offline");
    assert.equal(JSON.parse(last!.dataJson).reason, "unregistered");
  });

  it("exits 1 when the password is wrong", async () => {
    assert.equal(await runGat1400Cli(["--server", `127.0.0.1:${h.port}`, "--id", LPR_ID, "--kind", "lpr", "--password", "nope", "--bad", "bad_time"]), 1);
  });
});
