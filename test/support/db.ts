import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createDb, type Db } from "../../server/store/db";
import { migrate } from "../../server/store/migrate";

// A fresh, migrated database per test file. The provider follows TEST_DATABASE_URL:
// unset → a SQLite file in a temp dir; postgres://… → a new database on that server,
// dropped afterwards. `npm test` runs the suite once per provider.

export interface TestDb {
  url: string;
  db: Db;
  /** Disconnects and deletes the database. */
  drop(): Promise<void>;
}

export function testProvider(): "sqlite" | "postgresql" {
  return process.env.TEST_DATABASE_URL?.startsWith("postgres") ? "postgresql" : "sqlite";
}

/** A URL for a new empty database (not migrated), and how to remove it. */
export async function createEmptyDatabase(): Promise<{ url: string; remove(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (base?.startsWith("postgres")) {
    const name = `ct_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      async remove() {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "campustwin-test-"));
  return { url: `file:${join(dir, "test.db")}`, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function createTestDb(): Promise<TestDb> {
  const empty = await createEmptyDatabase();
  await migrate(empty.url);
  const db = createDb(empty.url);
  return {
    url: empty.url,
    db,
    async drop() {
      await db.close();
      await empty.remove();
    },
  };
}
