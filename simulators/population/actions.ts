import type { Device } from "../../server/contracts/campus";

// What the population model produces: device actions on simulated time, sorted by `atMs`
// (then by `n`, the generation order, so the stream is a total order). Each names the device
// that acts and carries only what the device would report; the transport sinks turn them
// into MQTT publishes, DC-09 frames, GB/T 28181 alarms and GA/T 1400 records.

interface Base {
  /** Simulated true time, epoch ms. */
  atMs: number;
  /** Tie-breaker: generation order. */
  n: number;
  device: Device;
  /** Device clock minus true time (clock-drift fault); sinks stamp `atMs + clockSkewMs`. */
  clockSkewMs: number;
}

export type AccessOutcome = "granted" | "denied" | "forced" | "held_open";

export type DeviceAction = Base & (
  | { type: "access"; outcome: AccessOutcome; personId: string | null; cardNo: string | null; direction: "in" | "out" }
  | { type: "density"; zoneId: string; count: number; areaM2: number; inCount: number; outCount: number }
  | { type: "face"; personId: string; watchlist: boolean; direction: "in" | "out" }
  | { type: "lpr"; plate: string; watchlist: boolean; direction: "in" | "out" }
  | { type: "patrol"; guardId: string; routeId: string; order: number }
  | { type: "smoke"; state: "alarm" | "fault" | "normal" }
  | { type: "electric"; residualCurrentMa: number; temperatureC: number }
  | { type: "fence_alarm"; zone: number }
  | { type: "camera_alarm"; alarmType: "line_crossing" | "intrusion" | "loitering" }
  | { type: "status"; status: "online" | "offline" }
  | { type: "bad_frame"; count: number }
);

export type ActionType = DeviceAction["type"];

/** An action as the model's parts emit it: the model assigns `n` and `clockSkewMs`. */
export type NewAction = DeviceAction extends infer A ? (A extends DeviceAction ? Omit<A, "n" | "clockSkewMs"> : never) : never;

export function compareActions(a: DeviceAction, b: DeviceAction): number {
  return a.atMs - b.atMs || a.n - b.n;
}
