import assert from "node:assert/strict";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createDb } from "../../server/store/db";
import { MIGRATIONS_DIR, MigrationError, listMigrations, migrate } from "../../server/store/migrate";
import { createEmptyDatabase, testProvider } from "../support/db";

describe(`migrations on ${testProvider()}`, () => {
  it("applies every migration once, records it like prisma migrate deploy, and is idempotent", async () => {
    const empty = await createEmptyDatabase();
    try {
      const first = await migrate(empty.url);
      assert.deepEqual(first.applied, listMigrations(testProvider()).map((m) => m.name));
      const second = await migrate(empty.url);
      assert.deepEqual(second.applied, []);
      assert.deepEqual(second.alreadyApplied.sort(), first.applied);
      const db = createDb(empty.url);
      try {
        const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished: number; steps: number }[]>(
          `SELECT migration_name, checksum, CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END AS finished, applied_steps_count AS steps FROM "_prisma_migrations"`);
        assert.equal(rows.length, first.applied.length);
        assert.match(rows[0]!.checksum, /^[0-9a-f]{64}$/);
        assert.equal(Number(rows[0]!.finished), 1);
      } finally {
        await db.close();
      }
    } finally {
      await empty.remove();
    }
  });

  it("refuses a database whose applied migration was edited afterwards, and a broken migration changes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "campustwin-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const empty = await createEmptyDatabase();
    try {
      await migrate(empty.url, dir);
      const provider = testProvider();
      const [init] = listMigrations(provider, dir);
      writeFileSync(join(dir, provider, init!.name, "migration.sql"), init!.sql + "\n-- edited\n");
      await assert.rejects(migrate(empty.url, dir), (e: unknown) => e instanceof MigrationError && /modified after it was applied/.test(e.message));

      writeFileSync(join(dir, provider, init!.name, "migration.sql"), init!.sql);
      const broken = join(dir, provider, "20991231000000_broken");
      cpSync(join(dir, provider, init!.name), broken, { recursive: true });
      writeFileSync(join(broken, "migration.sql"), `CREATE TABLE "Half" ("id" TEXT);\nTHIS IS NOT SQL;\n`);
      await assert.rejects(migrate(empty.url, dir));
      const db = createDb(empty.url);
      try {
        const half = await db.prisma.$queryRawUnsafe<unknown[]>(
          provider === "sqlite" ? `SELECT name FROM sqlite_master WHERE name = 'Half'` : `SELECT tablename FROM pg_tables WHERE tablename = 'Half'`);
        assert.equal(half.length, 0, "the failed migration's first statement was rolled back");
      } finally {
        await db.close();
      }
    } finally {
      await empty.remove();
    }
  });
});
