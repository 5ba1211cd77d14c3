// Runs a test suite with Node's built-in runner (TypeScript through tsx).
//   node scripts/run-tests.mjs unit   → every *.test.ts under server/, simulators/, test/ (not e2e)
//   node scripts/run-tests.mjs e2e    → test/e2e/*.e2e.ts (Chromium via playwright-core)
// Extra arguments are passed as file filters: `node scripts/run-tests.mjs unit dc09`.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const [suite = "unit", ...filters] = process.argv.slice(2);
const SKIP_DIRS = new Set(["node_modules", ".next", "generated", "generated-pg", "data", "test-results"]);

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(relative(root, p));
  }
  return out;
}

const pattern = suite === "e2e" ? /\.e2e\.ts$/ : /\.test\.ts$/;
const files = ["server", "simulators", "test", "web"]
  .flatMap((d) => { try { return walk(join(root, d)); } catch { return []; } })
  .filter((f) => pattern.test(f))
  .filter((f) => filters.every((flt) => f.includes(flt)))
  .sort();

if (files.length === 0) {
  console.error(`No ${suite} test files matched`);
  process.exit(1);
}
const args = ["--import", "tsx", "--test", "--test-reporter=spec", `--test-concurrency=${suite === "e2e" ? 1 : 2}`, ...files];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } });
process.exit(r.status ?? 1);
