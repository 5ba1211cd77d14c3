import { createDc09Ingest } from "../../server/ingest/dc09/ingest";
import { createDb } from "../../server/store/db";
import { buildDeps } from "./dc09-fixture";

// Only the DC-09 receiver, in its own process, for the crash-safety test: it is SIGKILLed
// mid-burst and started again on the same database and port. Prints `DC09_PORT <n>` when ready.
//   DC09_TEST_DB_URL=file:/tmp/x.db DC09_TEST_PORT=0 tsx test/support/dc09-server-process.ts

async function main(): Promise<void> {
  const url = process.env.DC09_TEST_DB_URL;
  if (!url) throw new Error("DC09_TEST_DB_URL is required");
  const db = createDb(url);
  const deps = buildDeps(db);
  const ingest = await createDc09Ingest(deps, {
    host: "127.0.0.1", port: Number(process.env.DC09_TEST_PORT ?? 0), supervision: { watchRegistered: false },
  }).start();
  process.stdout.write(`DC09_PORT ${ingest.ports.tcp}\n`);
  process.on("SIGTERM", () => {
    void ingest.stop().then(() => deps.close()).then(() => db.close()).then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
