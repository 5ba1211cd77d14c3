import { createGb28181Device, type Gb28181Device } from "./device";

// `npm run sim -- gb28181 --server 127.0.0.1:5060 --id 34020000001180000001 --channels 16 --password 12345678`
// Runs one camera/NVR until SIGINT/SIGTERM (or --duration-s), printing one JSON line per
// happening. Options: --transport udp|tcp, --page-size N, --keepalive-s N, --expires-s N,
// --server-id ID, --realm R, --alarm-every-s N (motion alarms on a random channel), --silent-after-s N.

export class CliUsageError extends Error {
  override name = "CliUsageError";
}

const USAGE = "usage: gb28181 --server host:port --id <20 digits> [--password P] [--channels N] [--transport udp|tcp] "
  + "[--page-size N] [--keepalive-s N] [--expires-s N] [--server-id ID] [--realm R] [--alarm-every-s N] [--silent-after-s N] [--duration-s N]";

function parseArgs(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new CliUsageError(`unexpected "${arg}"\n${USAGE}`);
    const eq = arg.indexOf("=");
    if (eq > 0) out[arg.slice(2, eq)] = arg.slice(eq + 1);
    else out[arg.slice(2)] = argv[++i] ?? "";
  }
  return out;
}

function num(args: Record<string, string>, name: string, fallback?: number): number | undefined {
  const v = args[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new CliUsageError(`--${name} must be a non-negative number, got "${v}"`);
  return n;
}

const say = (what: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), sim: "gb28181", what, ...fields }) + "\n");

/** Runs the simulator; resolves with the process exit code. */
export async function runGb28181Cli(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const server = /^(.+):(\d+)$/.exec(args.server ?? "");
  if (!server || !/^\d{20}$/.test(args.id ?? "")) throw new CliUsageError(USAGE);
  const transport = args.transport ?? "udp";
  if (transport !== "udp" && transport !== "tcp") throw new CliUsageError("--transport must be udp or tcp");
  const device: Gb28181Device = createGb28181Device({
    serverHost: server[1]!, serverPort: Number(server[2]), transport, deviceId: args.id!,
    password: args.password ?? "12345678", serverId: args["server-id"], realm: args.realm,
    channels: num(args, "channels", 1), catalogPageSize: num(args, "page-size", 10),
    keepaliveIntervalS: num(args, "keepalive-s", 60), registerExpiresS: num(args, "expires-s", 3600),
    onProblem: (p) => say("problem", p),
  });
  const status = await device.start();
  say("registered", { status, deviceId: device.deviceId, channels: device.channelIds.length });
  const timers: NodeJS.Timeout[] = [];
  const alarmEveryS = num(args, "alarm-every-s");
  if (alarmEveryS) {
    timers.push(setInterval(() => {
      const channel = Math.floor(Math.random() * device.channelIds.length);
      device.sendAlarm({ channel, method: 5, type: 2, priority: 3, description: "motion" })
        .then((s) => say("alarm", { channel: device.channelIds[channel], status: s }))
        .catch((err: Error) => say("problem", { key: "alarm", message: err.message }));
    }, alarmEveryS * 1000));
  }
  const silentAfterS = num(args, "silent-after-s");
  if (silentAfterS !== undefined) timers.push(setTimeout(() => (device.setSilent(true), say("silent")), silentAfterS * 1000));
  const durationS = num(args, "duration-s");
  let onSignal = () => undefined as void;
  await new Promise<void>((resolve) => {
    onSignal = resolve;
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    if (durationS !== undefined) timers.push(setTimeout(resolve, durationS * 1000));
  });
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  for (const t of timers) clearTimeout(t);
  await device.stop();
  say("stopped");
  return status === 200 ? 0 : 1;
}
