// `npm test`: typecheck, lint, then every suite: unit + integration on SQLite, the same on
// PostgreSQL, and the Chromium end-to-end tests. Prints one closing line "N passed, N failed".
// PostgreSQL: TEST_PG_URL if set, else a throwaway local cluster (.ci/postgres.sh) when the
// postgresql package is installed. Chromium: /usr/bin/chromium. Under CI=true a missing part is
// a failure; on a developer machine it is reported as not run, loudly.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureBuilt } from "./ensure-built.mjs";

const root = new URL("..", import.meta.url).pathname;
const CI = process.env.CI === "true" || process.env.CI === "1";
const totals = { passed: 0, failed: 0 };
const notRun = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`=== ${name}: FAILED`);
    totals.failed++;
    return false;
  }
  return true;
}

function suite(name, kind, env = {}) {
  console.log(`\n=== ${name}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "scripts/run-tests.mjs"), kind], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let tail = "";
    child.stdout.on("data", (d) => {
      process.stdout.write(d);
      tail = (tail + d.toString()).slice(-4000);
    });
    child.on("exit", (code) => {
      const pass = Number(/ℹ pass (\d+)/.exec(tail)?.[1] ?? 0);
      const fail = Number(/ℹ fail (\d+)/.exec(tail)?.[1] ?? 0) + Number(/ℹ cancelled (\d+)/.exec(tail)?.[1] ?? 0);
      totals.passed += pass;
      totals.failed += fail || (code === 0 ? 0 : 1);
      resolve(code === 0);
    });
  });
}

function postgresUrl() {
  if (process.env.TEST_PG_URL) return process.env.TEST_PG_URL;
  const hasPg = existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").length > 0;
  if (!hasPg) return null;
  const r = spawnSync("bash", [join(root, ".ci/postgres.sh")], { encoding: "utf8" });
  if (r.status !== 0) {
    console.error(r.stderr);
    return null;
  }
  return r.stdout.trim().split("\n").at(-1);
}

step("typecheck", process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"]);
step("lint", process.execPath, [join(root, "node_modules/eslint/bin/eslint.js"), "."]);
ensureBuilt({ web: true });

await suite("unit + integration (SQLite)", "unit", { TEST_DATABASE_URL: "" });

const pgUrl = postgresUrl();
if (pgUrl) await suite("unit + integration (PostgreSQL)", "unit", { TEST_DATABASE_URL: pgUrl });
else notRun.push("PostgreSQL suite (install postgresql or set TEST_PG_URL)");

if (existsSync("/usr/bin/chromium")) await suite("end-to-end (Chromium)", "e2e");
else notRun.push("end-to-end suite (install Debian's chromium: /usr/bin/chromium)");

for (const what of notRun) {
  console.error(`\n!!! NOT RUN: ${what}`);
  if (CI) totals.failed++;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
