import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Runs the real server (server/main.ts) as a child process on ephemeral ports with its own
// data directory, as a user would start it. Resolves once it prints CAMPUSTWIN_READY.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ServerProcess {
  baseUrl: string;
  ports: Record<string, number>;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM and wait for exit (graceful shutdown); removes the data dir unless keepData. */
  stop(opts?: { keepData?: boolean }): Promise<number | null>;
}

export async function startServer(env: Record<string, string> = {}, opts: { timeoutMs?: number } = {}): Promise<ServerProcess> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), "campustwin-server-"));
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "server/main.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: "0",
      DC09_PORT: "0",
      SIP_PORT: "0",
      GAT1400_PORT: "0",
      MQTT_PORT: "0",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      CAMPUS_SIZE: "small",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const ready = await new Promise<{ url: string; ports: Record<string, number> }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready after ${opts.timeoutMs ?? 90_000} ms:\n${out}`)), opts.timeoutMs ?? 90_000);
    const onData = () => {
      const m = /CAMPUSTWIN_READY (\{.*\})/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      resolve(JSON.parse(m[1]!));
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before ready:\n${out}`));
    });
  });

  return {
    baseUrl: ready.url,
    ports: ready.ports,
    dataDir,
    child,
    output: () => out,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) child.kill("SIGTERM");
      const code = await exited;
      if (!keepData && !env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
