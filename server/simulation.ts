import { startDeviceFleet, type RunningFleet } from "../simulators/fleet";
import { listCampuses, loadCampusModel } from "./campus/persist";
import type { Env } from "./env";
import type { Logger } from "./observability/logger";
import type { Db } from "./store/db";

// SIMULATE=1 (the default): the first campus's simulated hardware and population run inside
// the server process against its own listeners, so the twin is alive the moment it opens.
// It starts in the background: a slow registration wave never delays the server's readiness.

export interface RunningSimulation {
  stop(): Promise<void>;
}

export function startSimulation(env: Env, db: Db, ports: Record<string, number>, logger: Logger): RunningSimulation {
  const log = logger.child({ part: "simulation" });
  const reported = new Set<string>();
  const onProblem = (key: string, message: string) => {
    const family = key.split(":").slice(0, 1).concat(key.split(":").slice(2)).join(":");
    if (reported.has(family)) return; // one line per kind of problem, not one per device
    reported.add(family);
    log.warn("simulated device problem", { key, message });
  };
  const abort = new AbortController();
  const fleet: Promise<RunningFleet | null> = (async () => {
    const [first] = await listCampuses(db.prisma);
    if (!first) return null;
    const campus = await loadCampusModel(db.prisma, first.id);
    if (abort.signal.aborted) return null;
    const running = await startDeviceFleet({
      campus, host: env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST,
      ports: { dc09: ports.dc09!, sip: ports.sip!, gat1400: ports.gat1400!, mqtt: ports.mqtt },
      devicePassword: env.DEVICE_PASSWORD, seed: env.CAMPUS_SEED, onProblem, signal: abort.signal,
    });
    log.info("simulated devices running", { campusId: campus.id, ...running.counts });
    return running;
  })().catch((err: unknown) => {
    log.error("simulation failed to start", { error: String(err) });
    return null;
  });
  return {
    async stop() {
      abort.abort(); // no further registration waves; those already registered unregister below
      await (await fleet)?.stop();
    },
  };
}
