// `npm start`: builds what is missing, then runs the server (which migrates, creates the
// default campus on first run, starts every listener and the simulators, and prints the URL).
// Flags are passed through: `npm start -- --port 8080 --simulate 0`.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureBuilt } from "./ensure-built.mjs";

const root = new URL("..", import.meta.url).pathname;
const webOff = process.env.WEB === "0" || process.argv.includes("--web=0");
ensureBuilt({ web: !webOff });
const child = spawn(process.execPath, ["--import", "tsx", join(root, "server/main.ts"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
