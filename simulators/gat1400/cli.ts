import { parseArgs } from "node:util";
import { createGat1400Camera, type CameraKind } from "./camera";
import type { BadKind } from "./records";

// `npm run sim -- gat1400 --server 127.0.0.1:8400 --id 31010000001320000001 --kind lpr --rate 5`
// Runs one simulated LPR or face-capture camera until Ctrl-C (or --duration-s). One-shot
// actions for scenarios: --watchlist-plate <plate>, --watchlist-face <faceId>, --bad <kind>.

const USAGE = `usage: gat1400 --server host:port --id <DeviceID> --kind lpr|face [--rate 5] [--password p]
       [--username u] [--keepalive-s 30] [--no-images] [--duration-s N]
       [--watchlist-plate PLATE] [--watchlist-face FACEID] [--bad not_an_image|missing_plate|bad_time]`;

const BAD_KINDS: readonly BadKind[] = ["not_an_image", "missing_plate", "bad_time"];

/** Returns the process exit code: 0 ok, 1 failure, 2 bad usage. */
export async function runGat1400Cli(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        server: { type: "string" }, id: { type: "string" }, kind: { type: "string" },
        rate: { type: "string", default: "5" }, password: { type: "string", default: process.env.GAT1400_PASSWORD ?? "campustwin" },
        username: { type: "string" }, "keepalive-s": { type: "string", default: "30" }, "no-images": { type: "boolean", default: false },
        "duration-s": { type: "string" }, "watchlist-plate": { type: "string" }, "watchlist-face": { type: "string" },
        bad: { type: "string" }, help: { type: "boolean", default: false },
      },
    }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const [host, portText] = (values.server ?? "").split(/:(?=\d+$)/);
  const port = Number(portText);
  const kind = values.kind as CameraKind;
  if (values.help || !host || !Number.isInteger(port) || !values.id || (kind !== "lpr" && kind !== "face")) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.bad && !BAD_KINDS.includes(values.bad as BadKind)) {
    console.error(`--bad must be one of ${BAD_KINDS.join(", ")}`);
    return 2;
  }
  const camera = createGat1400Camera({
    server: { host, port }, deviceId: values.id, kind, password: values.password, username: values.username,
    ratePerS: Number(values.rate), keepaliveIntervalS: Number(values["keepalive-s"]), images: !values["no-images"],
    onProblem: (key, message) => console.error(`gat1400 ${values.id} ${key}: ${message}`),
  });
  try {
    const oneShot = values["watchlist-plate"] ?? values["watchlist-face"] ?? values.bad;
    if (oneShot) {
      await camera.register();
      const statuses = values["watchlist-plate"] ? await camera.postWatchlistPlate(values["watchlist-plate"])
        : values["watchlist-face"] ? await camera.postWatchlistFace(values["watchlist-face"])
        : await camera.postBad(values.bad as BadKind);
      console.log(JSON.stringify({ ResponseStatusObject: statuses }));
      await camera.stop();
      return 0;
    }
    await camera.start();
    console.log(`gat1400 ${kind} camera ${values.id} registered with ${host}:${port}, posting ${values.rate}/s`);
    await new Promise<void>((resolve) => {
      const timer = values["duration-s"] ? setTimeout(() => done(), Number(values["duration-s"]) * 1000) : null;
      const done = () => {
        process.off("SIGINT", done);
        process.off("SIGTERM", done);
        if (timer) clearTimeout(timer);
        resolve();
      };
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    await camera.stop({ unregister: true });
    console.log(JSON.stringify({ deviceId: values.id, ...camera.stats }));
    return 0;
  } catch (err) {
    console.error(`gat1400 ${values.id}: ${err instanceof Error ? err.message : String(err)}`);
    await camera.stop();
    return 1;
  }
}
