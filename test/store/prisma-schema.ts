import { readFileSync } from "node:fs";

// A deliberately small reader of prisma/schema.prisma: models, scalar fields and their
// nullability, @id / @@index / @@unique. It is independent of Prisma's generated client so
// the agreement test compares the schema text itself against what the migrations build.

export interface SchemaField {
  name: string;
  type: string;
  optional: boolean;
  id: boolean;
  unique: boolean;
}
export interface SchemaModel {
  name: string;
  fields: SchemaField[];
  primaryKey: string[];
  indexes: { columns: string[]; unique: boolean }[];
}

const SCALARS = new Set(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);

export function readPrismaModels(path: string): SchemaModel[] {
  const text = readFileSync(path, "utf8").replace(/\/\/.*$/gm, "");
  const models: SchemaModel[] = [];
  // A model body ends at the first line that is only "}" (defaults such as "{}" may contain braces).
  for (const m of text.matchAll(/^model\s+(\w+)\s*\{\n([\s\S]*?)^\}/gm)) {
    const model: SchemaModel = { name: m[1]!, fields: [], primaryKey: [], indexes: [] };
    for (const raw of m[2]!.split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      const block = /^@@(index|unique|id)\(\[([^\]]*)\]/.exec(line);
      if (block) {
        const columns = block[2]!.split(",").map((s) => s.trim());
        if (block[1] === "id") model.primaryKey = columns;
        else model.indexes.push({ columns, unique: block[1] === "unique" });
        continue;
      }
      const f = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!f || !SCALARS.has(f[2]!) || f[3]) continue; // relation or list field: no column
      const attrs = f[5] ?? "";
      const field = { name: f[1]!, type: f[2]!, optional: !!f[4], id: /@id\b/.test(attrs), unique: /@unique\b/.test(attrs) };
      model.fields.push(field);
      if (field.id) model.primaryKey = [field.name];
      if (field.unique) model.indexes.push({ columns: [field.name], unique: true });
    }
    models.push(model);
  }
  return models;
}
