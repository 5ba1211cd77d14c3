// Generates the Prisma clients offline. The CLI insists on a schema-engine binary even for
// `generate`, which never runs it; PRISMA_SCHEMA_ENGINE_BINARY points it at an existing file.
// Two clients come from one schema: SQLite (default) and PostgreSQL (provider swapped), because
// a Prisma client only accepts a driver adapter of the provider it was generated for.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const prismaBin = join(root, "node_modules", "prisma", "build", "index.js");
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" };

function generate(schemaPath) {
  execFileSync(process.execPath, [prismaBin, "generate", "--schema", schemaPath], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
}

const schema = readFileSync(join(root, "prisma", "schema.prisma"), "utf8");
generate(join(root, "prisma", "schema.prisma"));

const pgSchema = schema
  .replace(/provider = "sqlite"/, 'provider = "postgresql"')
  .replace('output       = "../server/store/generated"', 'output       = "../../../server/store/generated-pg"');
const pgDir = join(root, "node_modules", ".cache", "prisma-pg");
mkdirSync(pgDir, { recursive: true });
writeFileSync(join(pgDir, "schema.prisma"), pgSchema);
generate(join(pgDir, "schema.prisma"));
console.log("prisma: generated sqlite and postgresql clients");
