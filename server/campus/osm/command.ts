import { basename, extname } from "node:path";
import { databaseUrl, loadEnv, type Env } from "../../env";
import { createDb, redactUrl } from "../../store/db";
import { migrate } from "../../store/migrate";
import { saveCampusModel } from "../persist";
import { parseBoundaryRef, type BoundaryRef } from "./boundary";
import { OsmImportError } from "./errors";
import { buildOsmCampusModel, readOsmFile } from "./import";

// `npm run campus:import -- <file.osm> [--id tongji-siping] [--name 同济大学] [--boundary relation/18788116]
//  [--seed 20261127] [--time-zone Asia/Shanghai]`. The database is DATABASE_URL (default SQLite
// under DATA_DIR). The whole import is parsed and equipped before the database is opened, so a
// rejected file changes nothing; the save itself is one transaction.

export class UsageError extends OsmImportError {
  override name = "UsageError";
}

export interface ImportArgs {
  file: string;
  campusId: string;
  name?: string;
  boundary?: BoundaryRef;
  seed?: number;
  timeZone?: string;
}

const CAMPUS_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const USAGE = "usage: campus:import <file.osm> [--id <campus-id>] [--name <name>] [--boundary <relation/way id>] [--seed <n>] [--time-zone <IANA zone>]";

/** Campus id from a file name: "Tongji Siping.osm" → "tongji-siping". */
export function campusIdFromFile(file: string): string {
  const slug = basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return CAMPUS_ID.test(slug) ? slug : "osm-campus";
}

export function parseImportArgs(argv: readonly string[]): ImportArgs {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) { positional.push(arg); continue; }
    const eq = arg.indexOf("=");
    const key = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (!["id", "name", "boundary", "seed", "time-zone"].includes(key)) throw new UsageError(`unknown flag --${key}; ${USAGE}`);
    if (value === undefined || value === "") throw new UsageError(`--${key} needs a value; ${USAGE}`);
    flags.set(key, value);
  }
  if (positional.length !== 1) throw new UsageError(`expected exactly one OSM file; ${USAGE}`);
  const file = positional[0]!;
  const campusId = flags.get("id") ?? campusIdFromFile(file);
  if (!CAMPUS_ID.test(campusId)) throw new UsageError(`--id "${campusId}" must be lowercase letters, digits and dashes`);
  const seedText = flags.get("seed");
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError(`--seed "${seedText}" is not an integer`);
  const boundaryText = flags.get("boundary");
  return {
    file, campusId, name: flags.get("name"), seed, timeZone: flags.get("time-zone"),
    boundary: boundaryText === undefined ? undefined : parseBoundaryRef(boundaryText),
  };
}

export interface CommandIo { out(line: string): void; err(line: string): void }

function countBy<T>(items: readonly T[], key: (t: T) => string): string {
  const counts = new Map<string, number>();
  for (const it of items) counts.set(key(it), (counts.get(key(it)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ");
}

/** Runs the command; returns the process exit code (0 ok, 1 rejected input or failure). */
export async function runCampusImport(argv: readonly string[], io: CommandIo, source: Record<string, string | undefined> = process.env): Promise<number> {
  let env: Env;
  let args: ImportArgs;
  let built: ReturnType<typeof buildOsmCampusModel>;
  try {
    env = loadEnv(source, []);
    args = parseImportArgs(argv);
    built = buildOsmCampusModel(readOsmFile(args.file), {
      campusId: args.campusId, name: args.name, boundary: args.boundary, timeZone: args.timeZone,
      seed: args.seed ?? env.CAMPUS_SEED, sourceName: args.file,
    });
  } catch (err) {
    io.err(`campus:import: ${(err as Error).message}`);
    return 1;
  }
  const url = databaseUrl(env);
  const db = createDb(url);
  try {
    await migrate(url);
    await saveCampusModel(db.prisma, built.model);
  } catch (err) {
    io.err(`campus:import: saving to ${redactUrl(url)} failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
  const m = built.model;
  io.out(`Imported ${m.name} (${m.id}) from ${args.file} into ${redactUrl(url)}: ${m.buildings.length} buildings, ` +
    `${m.paths.length} paths, ${m.zones.length} zones, ${m.devices.length} devices. Data ${m.attribution} (ODbL).`);
  io.out(`  paths: ${countBy(m.paths, (p) => p.kind)}`);
  io.out(`  devices: ${countBy(m.devices, (d) => d.kind)}`);
  for (const note of built.report.notes) io.out(`  note: ${note}`);
  return 0;
}
