// `npm start`: builds what is missing, then runs the server (which migrates, creates the
// default campus on first run, starts every listener and the simulators, and prints the URL).
// Flags are passed through: `npm start -- --port 8080 --simulate 0`.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureBuilt } from "./ensure-built.mjs";

const root = new URL("..", import.meta.url).pathname;
const webOff = process.env.WEB === "0" || process.argv.includes("--web=0");
ensureBuilt({ web: !webOff });
// A 64 MB young generation: ingest allocates a few short-lived objects per message, and with
// Node's default the scavenger took ~21 % of the MQTT ingest's CPU (7.5 % with this; the
// receiver's CPU per event fell ~20 %, bench:ingest, which runs with the same flag).
const NODE_FLAGS = ["--max-semi-space-size=64"];
const child = spawn(process.execPath, [...NODE_FLAGS, "--import", "tsx", join(root, "server/main.ts"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
