import { createEventLog } from "../../server/events/log";
import { createTestDb } from "./db";

// Child script of server/events/log.test.ts: an event log left open and idle (its SQLite writer
// thread started and answered) must not keep the process alive, as a bare connection did not.
// Argument: "append" to commit one event first, "idle", or "close-early": closed before its
// writer thread is even ready, the close must still complete (and hold the process until then).

const t = await createTestDb();
await t.db.prisma.campus.create({ data: { id: "c1", name: "Test", originLat: 31, originLon: 121, boundaryJson: "[]" } });
const log = createEventLog(t.db);
if (process.argv[2] === "close-early") {
  await log.close();
  await log.close(); // a second close is the same close
  await t.db.close();
  process.stdout.write("done\n");
  process.exit(0);
}
if (process.argv[2] === "append") {
  await log.append([{ id: "idle-1", campusId: "c1", kind: "device.test", severity: 0, occurredAt: new Date(), source: { protocol: "system" } }]);
}
await new Promise((r) => setTimeout(r, 1500)); // long enough for the writer thread to be ready
await t.db.close();
process.stdout.write("done\n");
