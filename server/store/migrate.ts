import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { providerOf, sqlitePath, type Provider } from "./db";

// Applies prisma/migrations/<provider>/<timestamp>_<name>/migration.sql through the database
// driver (the Prisma CLI's migrate needs a native engine that cannot be fetched offline).
// Each migration runs in one transaction and is recorded in `_prisma_migrations` with the same
// columns and SHA-256 checksum `prisma migrate deploy` writes, so either tool can take over.

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "prisma", "migrations");

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export function listMigrations(provider: Provider, dir = MIGRATIONS_DIR): Migration[] {
  const root = join(dir, provider);
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{14}_[a-z0-9_]+$/.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(root, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

/** Prisma's own advisory-lock key, so this and `prisma migrate deploy` never run at once. */
const PG_ADVISORY_LOCK = 72707369;

export class MigrationError extends Error {
  override name = "MigrationError";
}

function checkApplied(migrations: Migration[], applied: Map<string, string>): void {
  for (const [name, checksum] of applied) {
    const local = migrations.find((m) => m.name === name);
    if (!local) throw new MigrationError(`Migration ${name} is applied in the database but missing from prisma/migrations`);
    if (local.checksum !== checksum) throw new MigrationError(`Migration ${name} was modified after it was applied (checksum differs)`);
  }
}

export async function migrate(url: string, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const provider = providerOf(url);
  const migrations = listMigrations(provider, dir);
  return provider === "sqlite" ? migrateSqlite(sqlitePath(url), migrations) : migratePg(url, migrations);
}

function migrateSqlite(path: string, migrations: Migration[]): MigrateResult {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL"); // persistent: every later connection to the file uses WAL
    db.exec(SQLITE_TABLE);
    const rows = db
      .prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`)
      .all() as { migration_name: string; checksum: string }[];
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    checkApplied(migrations, applied);
    const result: MigrateResult = { applied: [], alreadyApplied: [...applied.keys()] };
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      const run = db.transaction(() => {
        db.exec(m.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), m.checksum, new Date().toISOString(), m.name, new Date().toISOString());
      });
      run.immediate();
      result.applied.push(m.name);
    }
    return result;
  } finally {
    db.close();
  }
}

async function migratePg(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_ADVISORY_LOCK]);
    await client.query(PG_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    checkApplied(migrations, applied);
    const result: MigrateResult = { applied: [], alreadyApplied: [...applied.keys()] };
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      result.applied.push(m.name);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}
