import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";
import type { WriterReply, WriterRequest, WriterSetup } from "./sqlite-writer-protocol";

// worker_threads entry: the SQLite half of the event log's group commit. It owns one
// connection and runs one transaction per request, so the insert and the commit's fsync
// (synchronous=FULL: an ACK promises the event survives power loss) happen off the thread
// that parses protocols and writes ACKs. Requests are handled in arrival order.

const setup = workerData as WriterSetup;
const conn = new Database(setup.path, { timeout: 10_000 });
conn.pragma("journal_mode = WAL");
conn.pragma("synchronous = FULL");
const width = setup.columns.length;
const stmt = conn.prepare(
  `INSERT INTO "Event" (${setup.columns.map((c) => `"${c}"`).join(", ")}) VALUES (${setup.columns.map(() => "?").join(", ")}) ON CONFLICT("id") DO NOTHING`,
);

const insertAll = conn.transaction((values: unknown[], seqs: Float64Array) => {
  const row = new Array<unknown>(width);
  for (let r = 0; r < seqs.length; r++) {
    for (let c = 0; c < width; c++) row[c] = values[r * width + c];
    // seq is the INTEGER PRIMARY KEY, i.e. the rowid; no row changed means the id was stored before
    const info = stmt.run(row);
    seqs[r] = info.changes === 1 ? Number(info.lastInsertRowid) : 0;
  }
});

parentPort?.on("message", (req: WriterRequest) => {
  if (req.type === "close") {
    conn.close();
    parentPort?.postMessage({ type: "closed" } satisfies WriterReply);
    return;
  }
  const seqs = new Float64Array(req.values.length / width);
  try {
    insertAll.immediate(req.values, seqs);
    parentPort?.postMessage({ type: "done", n: req.n, seqs } satisfies WriterReply, [seqs.buffer]);
  } catch (err) {
    parentPort?.postMessage({ type: "failed", n: req.n, message: err instanceof Error ? err.message : String(err) } satisfies WriterReply);
  }
});
parentPort?.postMessage({ type: "ready" } satisfies WriterReply);
