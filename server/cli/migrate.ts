import { databaseUrl, loadEnv } from "../env";
import { redactUrl } from "../store/db";
import { migrate } from "../store/migrate";

// `npm run db:migrate`: applies pending migrations to DATABASE_URL (default SQLite file).
const env = loadEnv(process.env, process.argv.slice(2));
const url = databaseUrl(env);
try {
  const result = await migrate(url);
  console.log(`${redactUrl(url)}: applied ${result.applied.length} migration(s)${result.applied.length ? ": " + result.applied.join(", ") : ""}; ${result.alreadyApplied.length} already applied`);
} catch (err) {
  console.error(`db:migrate failed: ${(err as Error).message}`);
  process.exit(1);
}
