import { SEVERITY } from "../../contracts/event";
import type { AlarmNotify } from "./manscdp";

// GB/T 28181-2016 alarm vocabulary → canonical event kinds (DESIGN "Canonical event").
// AlarmMethod (§A.2.5.4): 1 telephone, 2 device, 3 SMS, 4 GPS, 5 video, 6 device fault, 7 other.
// AlarmType depends on the method: for device alarms 1 video loss, 2 tamper, 3 disk full,
// 4 high temperature, 5 low temperature; for video alarms 1 manual, 2 motion, 3 left object,
// 4 object removed, 5 tripwire, 6 intrusion, 7 retrograde, 8 loitering, 9 flow count,
// 10 density, 11 video abnormal, 12 fast movement; for faults 1 disk, 2 fan.
// The table is data so a test can walk it; unknown pairs fall back to the method's kind.

export const ALARM_KINDS: Readonly<Record<number, { fallback: string; byType: Readonly<Record<number, string>> }>> = {
  1: { fallback: "alarm.telephone", byType: {} },
  2: {
    fallback: "alarm.device",
    byType: { 1: "device.video_loss", 2: "device.tamper", 3: "device.storage_full", 4: "device.overheat", 5: "device.undertemp" },
  },
  3: { fallback: "alarm.sms", byType: {} },
  4: { fallback: "alarm.gps", byType: {} },
  5: {
    fallback: "alarm.video",
    byType: {
      1: "alarm.video", 2: "behaviour.motion", 3: "behaviour.left_object", 4: "behaviour.object_removed",
      5: "behaviour.line_crossing", 6: "alarm.intrusion", 7: "behaviour.retrograde", 8: "behaviour.loitering",
      9: "behaviour.flow_count", 10: "behaviour.crowd_density", 11: "device.video_abnormal", 12: "behaviour.fast_moving",
    },
  },
  6: { fallback: "device.fault", byType: { 1: "device.fault", 2: "device.fault" } },
  7: { fallback: "alarm.other", byType: {} },
};

export function alarmKind(alarm: Pick<AlarmNotify, "method" | "type">): string {
  const entry = alarm.method === null ? undefined : ALARM_KINDS[alarm.method];
  if (!entry) return "alarm.video";
  return (alarm.type === null ? undefined : entry.byType[alarm.type]) ?? entry.fallback;
}

/** AlarmPriority 1 is the most urgent (一级警情) … 4 the least. */
export function alarmSeverity(priority: number | null): number {
  switch (priority) {
    case 1: return SEVERITY.critical;
    case 2: return SEVERITY.high;
    case 3: return SEVERITY.medium;
    case 4: return SEVERITY.low;
    default: return SEVERITY.medium;
  }
}
