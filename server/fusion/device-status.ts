import type { DeviceStatus } from "../contracts/campus";

// How an event moves its device's status (the registry view of ). Alarm kinds put a
// device into "alarm"; their restore returns it to the status it had before the alarm.

const FAULT_KINDS = new Set(["device.fault", "fence.fault", "fire.fault", "electric.fault", "device.video_loss"]);
const FAULT_RESTORE_KINDS = new Set(["device.fault_restored", "fence.fault_restored", "fire.restore"]);
const ALARM_KINDS = new Set(["alarm.intrusion", "fence.alarm", "alarm.panic", "fire.smoke", "electric.alarm", "access.forced"]);
const ALARM_RESTORE_KINDS = new Set([
  "alarm.intrusion_restored", "fence.alarm_restored", "alarm.panic_restored", "fire.smoke_restored",
]);

export type StatusMove =
  | { to: DeviceStatus }
  /** Back to the status before the alarm. */
  | { restoreFromAlarm: true }
  | null;

export function statusMove(kind: string, current: DeviceStatus): StatusMove {
  if (kind === "device.offline") return { to: "offline" };
  if (kind === "device.online") return current === "offline" ? { to: "online" } : null;
  if (FAULT_KINDS.has(kind)) return { to: "fault" };
  if (FAULT_RESTORE_KINDS.has(kind)) return current === "fault" ? { to: "online" } : null;
  if (kind === "panel.armed") return { to: "armed" };
  if (kind === "panel.disarmed") return { to: "disarmed" };
  if (ALARM_KINDS.has(kind)) return { to: "alarm" };
  if (ALARM_RESTORE_KINDS.has(kind)) return current === "alarm" ? { restoreFromAlarm: true } : null;
  // Anything else a device sends proves it is alive again (a keepalive, a reading, a capture).
  if (current === "offline" && !kind.startsWith("device.")) return { to: "online" };
  return null;
}

/** Statuses that open a fault ticket. */
export const FAULTY: ReadonlySet<DeviceStatus> = new Set(["offline", "fault"]);
