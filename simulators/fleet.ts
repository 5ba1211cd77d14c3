import type { CampusModel, Device } from "../server/contracts/campus";
import { Dc09Panel } from "./dc09/panel";
import { createGat1400Camera, type Gat1400Camera } from "./gat1400/camera";
import { createGb28181Device, type Gb28181Device } from "./gb28181/device";
import { startLivePopulation, type LivePopulation } from "./population/live";
import { createMqttSink } from "./population/mqtt-sink";
import { createDc09Sink, createGat1400Sink, createGb28181Sink, type DevicePools } from "./population/protocol-sinks";
import type { ActionSink, ProblemReporter } from "./population/sink";

// The simulated hardware of one campus, as `npm start` runs it (SIMULATE=1): every DC-09
// panel, fence host and panic button connects and sends NULL link tests; every GB/T 28181
// camera registers and keeps alive; every GA/T 1400 capture camera registers; and the
// population model (simulators/population) drives them all, plus the MQTT devices, in real time.

export interface FleetOptions {
  campus: CampusModel;
  host: string;
  ports: { dc09: number; sip: number; gat1400: number; mqtt?: number };
  /** Devices' shared secret for GB/T 28181 and GA/T 1400 digest auth. */
  devicePassword: string;
  seed: number;
  /** Population time acceleration (1 = real time). */
  speed?: number;
  /** DC-09 NULL supervision interval. */
  linkTestEveryMs?: number;
  onProblem: ProblemReporter;
  /** Aborting stops starting further registration waves (a server shutting down during start). */
  signal?: AbortSignal;
}

export interface RunningFleet {
  counts: { dc09Panels: number; gbCameras: number; gatCameras: number };
  stop(): Promise<void>;
}

/** Registrations are started in small waves so a big campus does not flood the SIP port at once. */
const START_WAVE = 25;

async function inWaves<T>(items: readonly T[], start: (item: T) => Promise<unknown>, signal?: AbortSignal): Promise<void> {
  for (let i = 0; i < items.length && !signal?.aborted; i += START_WAVE) await Promise.allSettled(items.slice(i, i + START_WAVE).map(start));
}

const dc09Account = (d: Device) => (typeof d.attrs.account === "string" && ["alarm_panel", "fence_host", "panic_button"].includes(d.kind) ? d.attrs.account : null);

export async function startDeviceFleet(o: FleetOptions): Promise<RunningFleet> {
  const pools: Required<DevicePools> = { dc09Panels: new Map(), gbDevices: new Map(), gatCameras: new Map() };
  const problem = o.onProblem;

  for (const d of o.campus.devices) {
    const account = dc09Account(d);
    if (account && !pools.dc09Panels.has(account.toUpperCase())) {
      pools.dc09Panels.set(account.toUpperCase(), new Dc09Panel({ host: o.host, port: o.ports.dc09, account }));
    }
  }
  for (const panel of pools.dc09Panels.values()) {
    panel.startSupervision(o.linkTestEveryMs ?? 60_000);
    void panel.linkTest().catch((err: unknown) => problem(`dc09:${panel.account}`, String(err)));
  }

  const gbCameras = o.campus.devices.filter((d) => d.protocol === "gb28181" && /^\d{20}$/.test(d.externalId));
  const gatCameras = o.campus.devices.filter((d) => d.protocol === "gat1400");
  const sinks: ActionSink[] = [];
  const stopAll = async () => void (await Promise.allSettled(sinks.map((s) => s.close())));
  try {
    await inWaves(gbCameras, (d) => {
      const dev: Gb28181Device = createGb28181Device({
        serverHost: o.host, serverPort: o.ports.sip, deviceId: d.externalId, password: o.devicePassword, channels: 1,
        model: d.model ?? undefined, manufacturer: d.manufacturer ?? undefined,
        onProblem: (p) => problem(`gb28181:${d.externalId}:${p.key}`, p.message),
      });
      const started = dev.start().then(() => dev);
      pools.gbDevices.set(d.externalId, started);
      return started;
    }, o.signal);
    await inWaves(gatCameras, (d) => {
      const cam: Gat1400Camera = createGat1400Camera({
        server: { host: o.host, port: o.ports.gat1400 }, deviceId: d.externalId, kind: d.kind === "lpr_camera" ? "lpr" : "face",
        password: o.devicePassword, ratePerS: 0, onProblem: (k, m) => problem(`gat1400:${d.externalId}:${k}`, m),
      });
      const started = cam.start().then(() => cam);
      pools.gatCameras.set(d.externalId, started);
      return started;
    }, o.signal);
    const common = { host: o.host, devicePassword: o.devicePassword, onProblem: problem, pools };
    sinks.push(createDc09Sink({ ...common, port: o.ports.dc09 }));
    sinks.push(createGb28181Sink({ ...common, port: o.ports.sip }));
    sinks.push(createGat1400Sink({ ...common, port: o.ports.gat1400 }));
    if (o.ports.mqtt) sinks.push(await createMqttSink({ url: `mqtt://${o.host}:${o.ports.mqtt}`, campusId: o.campus.id }));
  } catch (err) {
    await stopAll();
    throw err;
  }

  const population: LivePopulation = startLivePopulation({ campus: o.campus, sinks, seed: o.seed, speed: o.speed ?? 1, onProblem: problem });
  return {
    counts: { dc09Panels: pools.dc09Panels.size, gbCameras: gbCameras.length, gatCameras: gatCameras.length },
    async stop() {
      await population.stop();
      await stopAll(); // the protocol sinks own the pooled devices and close them
    },
  };
}
