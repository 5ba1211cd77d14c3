import { startApp } from "./app";
import { ConfigError, loadEnv } from "./env";
import { createLogger } from "./observability/logger";

// Command-line entry: `tsx server/main.ts [--port 3000 --dc09-port 9000 …]`.
// Prints one machine-readable line `CAMPUSTWIN_READY {"url":…,"ports":…}` when serving.

let env;
try {
  env = loadEnv(process.env, process.argv.slice(2));
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`campustwin: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
const logger = createLogger(env.LOG_LEVEL, { service: "campustwin" });
try {
  const app = await startApp(env, logger);
  console.log(`CAMPUSTWIN_READY ${JSON.stringify({ url: app.url, ports: app.ports })}`);
  console.log(`CampusTwin is running: open ${app.url}/command`);
  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) process.exit(1); // a second Ctrl-C forces it
    logger.info("signal", { signal });
    app.stop().then(() => process.exit(0), (err) => {
      logger.error("shutdown failed", { error: String(err) });
      process.exit(1);
    });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
} catch (err) {
  logger.error("start-up failed", { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
