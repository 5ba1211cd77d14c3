import { ConfigError, databaseUrl, loadEnv, parseFlags } from "../env";
import { generateCampus } from "../campus/generator/campus";
import { generateCity } from "../campus/generator/city";
import { saveCampusModel } from "../campus/persist";
import type { CampusModel } from "../contracts/campus";
import { createDb, redactUrl } from "../store/db";
import { migrate } from "../store/migrate";

// `npm run campus:generate -- --size default --seed 7 [--city 5] [--database-url file:…]`:
// generates one campus (or a city of N campuses), migrates the database and saves them.
// Flags are checked before anything is written; a bad flag exits 1 with the reason.

const SIZES = ["small", "default", "large"] as const;
type Size = (typeof SIZES)[number];

export interface GenerateArgs {
  size: Size;
  seed: number;
  city: number | null;
  /** Environment flags passed through to loadEnv (e.g. --database-url, --data-dir). */
  envFlags: string[];
}

export function parseGenerateArgs(argv: readonly string[]): GenerateArgs {
  const flags = parseFlags(argv);
  const own = new Set(["SIZE", "SEED", "CITY"]);
  const size = flags.SIZE ?? "default";
  if (!(SIZES as readonly string[]).includes(size)) throw new ConfigError(`--size must be one of ${SIZES.join(", ")}, got "${size}"`);
  const seed = Number(flags.SEED ?? "20261127");
  if (!Number.isSafeInteger(seed)) throw new ConfigError(`--seed must be an integer, got "${flags.SEED}"`);
  const city = flags.CITY === undefined ? null : Number(flags.CITY);
  if (city !== null && (!Number.isInteger(city) || city < 1 || city > 99)) throw new ConfigError(`--city must be an integer 1..99, got "${flags.CITY}"`);
  const envFlags = Object.entries(flags).filter(([k]) => !own.has(k))
    .flatMap(([k, v]) => [`--${k.toLowerCase().replace(/_/g, "-")}`, v]);
  return { size: size as Size, seed, city, envFlags };
}

function describe(m: CampusModel): string {
  const count = (k: string) => m.devices.filter((d) => d.kind === k).length;
  return `${m.id} ${m.name} @ ${m.origin.latDeg.toFixed(5)},${m.origin.lonDeg.toFixed(5)}: ${m.buildings.length} buildings, `
    + `${m.zones.length} zones, ${m.paths.length} paths, ${m.devices.length} devices (${count("camera")} cameras, `
    + `${count("access_door")} doors, ${count("fence_segment")} fence segments)`;
}

async function main(): Promise<void> {
  let args: GenerateArgs, url: string;
  try {
    args = parseGenerateArgs(process.argv.slice(2));
    url = databaseUrl(loadEnv(process.env, args.envFlags));
  } catch (err) {
    console.error(`campus:generate: ${(err as Error).message}`);
    process.exit(1);
  }
  const models = args.city === null
    ? [generateCampus({ seed: args.seed, size: args.size })]
    : generateCity({ seed: args.seed, count: args.city, center: { latDeg: 31.23, lonDeg: 121.47, altM: 4 }, size: args.size });
  const migrated = await migrate(url);
  const db = createDb(url);
  try {
    for (const m of models) {
      await saveCampusModel(db.prisma, m);
      console.log(`saved ${describe(m)}`);
    }
    console.log(`${redactUrl(url)}: ${migrated.applied.length} migration(s) applied, ${models.length} campus(es) written`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(`campus:generate failed: ${(err as Error).message}`);
  process.exit(1);
});
