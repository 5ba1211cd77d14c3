import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { sqlitePath } from "../../server/store/db";
import { migrate } from "../../server/store/migrate";
import { createEmptyDatabase, testProvider } from "../support/db";
import { readPrismaModels, type SchemaModel } from "./prisma-schema";

// Applies the migrations of the provider under test to an empty database, then checks that
// its tables, columns, nullability, column types, primary keys and indexes are exactly what
// prisma/schema.prisma declares. A schema edit without a migration (or the reverse) fails here.

const SCHEMA = join(fileURLToPath(new URL("../..", import.meta.url)), "prisma", "schema.prisma");

interface DbColumn { name: string; type: string; notNull: boolean }
interface DbTable { columns: DbColumn[]; primaryKey: string[]; indexes: { columns: string[]; unique: boolean }[] }

const TYPE_MAP: Record<"sqlite" | "postgresql", Record<string, string>> = {
  sqlite: { String: "TEXT", Int: "INTEGER", Float: "REAL", Boolean: "BOOLEAN", DateTime: "DATETIME" },
  postgresql: { String: "text", Int: "integer", Float: "double precision", Boolean: "boolean", DateTime: "timestamp without time zone" },
};

async function introspect(url: string): Promise<Map<string, DbTable>> {
  const tables = new Map<string, DbTable>();
  if (url.startsWith("file:")) {
    const db = new Database(sqlitePath(url), { readonly: true });
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`).all() as { name: string }[];
    for (const { name } of names) {
      const cols = db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; pk: number }[];
      const idx = db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[];
      tables.set(name, {
        columns: cols.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 || c.pk > 0 })),
        primaryKey: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        indexes: idx.filter((i) => i.origin !== "pk").map((i) => ({
          unique: i.unique === 1,
          columns: (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((r) => r.name),
        })),
      });
    }
    db.close();
    return tables;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const cols = await c.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY ordinal_position`);
  const idx = await c.query<{ table: string; unique: boolean; primary: boolean; columns: string[] }>(
    `SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
            array_agg(a.attname ORDER BY k.ord)::text[] AS columns
       FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`);
  await c.end();
  for (const r of cols.rows) {
    if (r.table_name === "_prisma_migrations") continue;
    const t = tables.get(r.table_name) ?? { columns: [], primaryKey: [], indexes: [] };
    t.columns.push({ name: r.column_name, type: r.data_type, notNull: r.is_nullable === "NO" });
    tables.set(r.table_name, t);
  }
  for (const r of idx.rows) {
    const t = tables.get(r.table);
    if (!t) continue;
    if (r.primary) t.primaryKey = r.columns;
    else t.indexes.push({ columns: r.columns, unique: r.unique });
  }
  return tables;
}

const key = (i: { columns: string[]; unique: boolean }) => `${i.unique ? "unique" : "index"}(${i.columns.join(",")})`;

describe(`schema.prisma and the ${testProvider()} migrations agree`, () => {
  let models: SchemaModel[];
  let tables: Map<string, DbTable>;
  let remove: () => Promise<void>;
  before(async () => {
    models = readPrismaModels(SCHEMA);
    const empty = await createEmptyDatabase();
    remove = empty.remove;
    await migrate(empty.url);
    tables = await introspect(empty.url);
  });
  after(() => remove());

  it("has one table per model and no other", () => {
    assert.ok(models.length >= 12, "the schema reader found the models");
    assert.deepEqual([...tables.keys()].sort(), models.map((m) => m.name).sort());
  });

  it("has every scalar field as a column of the mapped type and nullability, and no extra column", () => {
    const types = TYPE_MAP[testProvider()];
    for (const m of models) {
      const t = tables.get(m.name)!;
      assert.deepEqual(t.columns.map((c) => c.name).sort(), m.fields.map((f) => f.name).sort(), `columns of ${m.name}`);
      for (const f of m.fields) {
        const col = t.columns.find((c) => c.name === f.name)!;
        assert.equal(col.type, types[f.type], `type of ${m.name}.${f.name}`);
        assert.equal(col.notNull, !f.optional, `nullability of ${m.name}.${f.name}`);
      }
    }
  });

  it("has the declared primary keys, unique constraints and indexes", () => {
    for (const m of models) {
      const t = tables.get(m.name)!;
      assert.deepEqual(t.primaryKey, m.primaryKey, `primary key of ${m.name}`);
      assert.deepEqual(t.indexes.map(key).sort(), m.indexes.map(key).sort(), `indexes of ${m.name}`);
    }
  });
});
