import { z } from "zod";

// Configuration is read once, here, from the environment and command-line flags
// (`--dc09-port 9100` overrides DC09_PORT). Everything else reads the validated object.

const port = (fallback: number) =>
  z.coerce.number().int().min(0, "must be 0..65535").max(65535, "must be 0..65535").default(fallback);
const flag = z
  .enum(["0", "1", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: port(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  /** `file:<path>` for SQLite (default `file:<DATA_DIR>/campustwin.db`) or `postgres://…`. */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: or postgres://")
    .optional(),
  DC09_PORT: port(9000),
  SIP_PORT: port(5060),
  GAT1400_PORT: port(8400),
  MQTT_PORT: port(1883),
  MQTT_URL: z.string().url().optional(),
  SIMULATE: flag.default(true),
  /** Password for devices without their own (GB/T 28181 SIP digest, GA/T 1400 digest). */
  DEVICE_PASSWORD: z.string().min(6, "must be at least 6 characters").default("campustwin"),
  /** The platform's 20-digit GB/T 28181 SIP id; its first 10 digits are the SIP domain (realm). */
  GB28181_PLATFORM_ID: z.string().regex(/^\d{20}$/, "must be 20 digits").default("31011000002000000001"),
  /** DC-09 AES keys per account: `ACCT=HEX,ACCT=HEX` (32/48/64 hex digits for AES-128/192/256). */
  DC09_KEYS: z
    .string()
    .regex(/^([0-9A-Fa-f]{3,16}=[0-9A-Fa-f]{32,64})(,[0-9A-Fa-f]{3,16}=[0-9A-Fa-f]{32,64})*$/, "must be ACCT=HEX[,ACCT=HEX…]")
    .optional(),
  /** Size of the campus generated on first run. */
  CAMPUS_SIZE: z.enum(["small", "default", "large"]).default("default"),
  CAMPUS_SEED: z.coerce.number().int().default(20261127),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Outbound incident notifications: `recipient=url,…` (duty_room, principal, police, maintainer). */
  NOTIFY_WEBHOOKS: z.string().regex(/^[a-z_]+=https?:\/\/[^,]+(,[a-z_]+=https?:\/\/[^,]+)*$/, "must be recipient=http(s)://url[,…]").optional(),
  /** HMAC-SHA256 key that signs every webhook body (x-campustwin-signature). */
  NOTIFY_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** Incidents of this severity or higher notify (0 info … 4 critical). */
  NOTIFY_MIN_SEVERITY: z.coerce.number().int().min(0).max(4).default(3),
  /** Run the protocol listeners (DC-09, GB/T 28181, GA/T 1400, MQTT). Off for UI-only nodes. */
  INGEST: flag.default(true),
  /** Serve the web UI (Next.js). Off for protocol-only tests and benchmarks. */
  WEB: flag.default(true),
  /** First administrator, created at start-up when missing (never overwritten). Without both, an
   *  empty user table gets `admin` with a one-time password printed once. */
  ADMIN_USERNAME: z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_.@-]+$/, "letters, digits and _ . @ - only").optional(),
  ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  /** Session ends after this long without a request (minutes). */
  SESSION_IDLE_MIN: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Session ends this long after login whatever the activity (hours). */
  SESSION_MAX_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  /** Mark the session cookie Secure: set when the UI is served over HTTPS (directly or via a proxy). */
  COOKIE_SECURE: flag.default(false),
  /** Live coalescing tick (ms): high-rate state is sent at most once per tick; alarms never wait for it. */
  LIVE_TICK_MS: z.coerce.number().int().min(10).max(5000).default(100),
});
export type Env = z.infer<typeof ZEnv>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** `--dc09-port 9100` / `--dc09-port=9100` → { DC09_PORT: "9100" }. */
export function parseFlags(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new ConfigError(`Unexpected argument "${arg}" (flags look like --port 3000)`);
    const eq = arg.indexOf("=");
    const name = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)).replace(/-/g, "_").toUpperCase();
    let value = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (eq < 0) {
      if (value === undefined || value.startsWith("--")) value = "1";
      else i++;
    }
    out[name] = value ?? "1";
  }
  return out;
}

/** Validates env + flags once; throws ConfigError naming every bad setting. */
export function loadEnv(
  source: Record<string, string | undefined> = process.env,
  argv: readonly string[] = [],
): Env {
  const known = new Set(Object.keys(ZEnv.shape));
  const flags = parseFlags(argv);
  for (const name of Object.keys(flags)) {
    if (!known.has(name)) throw new ConfigError(`Unknown flag --${name.toLowerCase().replace(/_/g, "-")}`);
  }
  const merged: Record<string, string | undefined> = {};
  for (const name of known) {
    const value = flags[name] ?? source[name];
    merged[name] = value === "" ? undefined : value;
  }
  const parsed = ZEnv.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  if (parsed.data.NOTIFY_WEBHOOKS && !parsed.data.NOTIFY_SECRET) {
    throw new ConfigError("Invalid configuration: NOTIFY_SECRET: required when NOTIFY_WEBHOOKS is set (webhook bodies are signed)");
  }
  return parsed.data;
}

export function databaseUrl(env: Pick<Env, "DATABASE_URL" | "DATA_DIR">): string {
  return env.DATABASE_URL ?? `file:${env.DATA_DIR.replace(/\/$/, "")}/campustwin.db`;
}
