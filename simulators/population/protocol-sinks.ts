import type { Device } from "../../server/contracts/campus";
import { Dc09Panel } from "../dc09/panel";
import { createGat1400Camera, type Gat1400Camera } from "../gat1400/camera";
import { createGb28181Device, type Gb28181Device } from "../gb28181/device";
import type { ActionSink, ProblemReporter } from "./sink";

// Sinks that drive the other protocol simulators through their code APIs: fence hosts over
// SIA DC-09 (simulators/dc09), camera alarms over GB/T 28181 (simulators/gb28181), and face /
// plate captures over GA/T 1400 (simulators/gat1400). One simulated device per campus device,
// created on first use. Devices authenticate with `devicePassword` (the servers' device secret).

export interface ProtocolSinkOptions {
  host: string;
  devicePassword: string;
  onProblem: ProblemReporter;
}

/** Simulated devices already running (simulators/fleet.ts), by account / external id; sinks reuse them. */
export interface DevicePools {
  dc09Panels?: Map<string, Dc09Panel>;
  gbDevices?: Map<string, Promise<Gb28181Device>>;
  gatCameras?: Map<string, Promise<Gat1400Camera>>;
}

/** GB/T 28181-2016 A.2.6.4: AlarmMethod 5 (video); AlarmType 5 tripwire, 6 intrusion, 8 loitering. */
const GB_VIDEO_ALARM_TYPE = { line_crossing: 5, intrusion: 6, loitering: 8 } as const;

export function createDc09Sink(o: ProtocolSinkOptions & { port: number; pools?: DevicePools }): ActionSink {
  const panels = o.pools?.dc09Panels ?? new Map<string, Dc09Panel>();
  const panelFor = (account: string) => {
    let p = panels.get(account);
    if (!p) panels.set(account, (p = new Dc09Panel({ host: o.host, port: o.port, account })));
    return p;
  };
  return {
    name: "dc09",
    handles: (a) => a.type === "fence_alarm" && typeof accountOf(a.device) === "string",
    async send(a) {
      if (a.type !== "fence_alarm") return;
      const r = await panelFor(accountOf(a.device)!).report("intrusion", { zone: a.zone });
      if (r.answer !== "ACK") o.onProblem(`dc09:${a.device.id}`, `fence alarm answered ${r.answer}`);
    },
    async close() {
      await Promise.all([...panels.values()].map((p) => p.close()));
    },
  };
}

/** A fence segment's account: its own `attrs.account`, or its host's (carried as parentAccount). */
function accountOf(d: Device): string | null {
  const v = d.attrs.account ?? d.attrs.parentAccount;
  return typeof v === "string" ? v : null;
}

export function createGb28181Sink(o: ProtocolSinkOptions & { port: number; pools?: DevicePools }): ActionSink {
  const devices = o.pools?.gbDevices ?? new Map<string, Promise<Gb28181Device>>();
  const deviceFor = (id: string) => {
    let d = devices.get(id);
    if (!d) {
      const dev = createGb28181Device({
        serverHost: o.host, serverPort: o.port, deviceId: id, password: o.devicePassword, channels: 1,
        onProblem: (p) => o.onProblem(`gb28181:${id}:${p.key}`, p.message),
      });
      devices.set(id, (d = dev.start().then(() => dev)));
    }
    return d;
  };
  return {
    name: "gb28181",
    handles: (a) => a.type === "camera_alarm" && a.device.protocol === "gb28181",
    async send(a, at) {
      if (a.type !== "camera_alarm") return;
      const dev = await deviceFor(a.device.externalId);
      const status = await dev.sendAlarm({ priority: 1, method: 5, type: GB_VIDEO_ALARM_TYPE[a.alarmType], time: at.toISOString().slice(0, 19) });
      if (status !== 200) o.onProblem(`gb28181:${a.device.id}`, `alarm answered ${status}`);
    },
    async close() {
      await Promise.all([...devices.values()].map(async (d) => (await d).stop()));
    },
  };
}

export function createGat1400Sink(o: ProtocolSinkOptions & { port: number; pools?: DevicePools }): ActionSink {
  const cameras = o.pools?.gatCameras ?? new Map<string, Promise<Gat1400Camera>>();
  const cameraFor = (d: Device) => {
    let c = cameras.get(d.externalId);
    if (!c) {
      const cam = createGat1400Camera({
        server: { host: o.host, port: o.port }, deviceId: d.externalId, kind: d.kind === "lpr_camera" ? "lpr" : "face",
        password: o.devicePassword, images: true, onProblem: (k, m) => o.onProblem(`gat1400:${d.externalId}:${k}`, m),
      });
      cameras.set(d.externalId, (c = cam.register().then(() => cam)));
    }
    return c;
  };
  return {
    name: "gat1400",
    handles: (a) => (a.type === "face" || a.type === "lpr") && a.device.protocol === "gat1400",
    async send(a) {
      const cam = await cameraFor(a.device);
      // The camera simulator composes its own records; watchlist hits carry the subject.
      if (a.type === "lpr") await (a.watchlist ? cam.postWatchlistPlate(a.plate) : cam.post(1));
      else if (a.type === "face") await (a.watchlist ? cam.postWatchlistFace(a.personId) : cam.post(1));
    },
    async close() {
      await Promise.all([...cameras.values()].map(async (c) => (await c).stop({ unregister: true })));
    },
  };
}
