import { SEVERITY } from "../../contracts/event";
import { deviceKey, deviceName, sharesKey, zoneIdOf, type LinkageRule } from "./types";

// Alarm-panel rules: intrusion detectors, perimeter tension fence, panic
// buttons. DC-09 ingest maps Contact ID 13x to alarm.intrusion / fence.alarm and 12x to
// alarm.panic (server/ingest/dc09/event-map.ts).

export const intrusionRule: LinkageRule = {
  id: "intrusion", title: "入侵报警", kinds: ["alarm.intrusion"], incidentKind: "intrusion",
  severity: SEVERITY.high, joinWindowMs: 120_000, sopId: "intrusion", requirement: "R-4.1",
  match(e, ctx) {
    const zoneId = zoneIdOf(e, ctx);
    // Several detectors of one room (zone) are one break-in, not several.
    return { severity: Math.max(e.severity, SEVERITY.high), title: `入侵报警：${deviceName(e, ctx)}`, zoneId,
      keys: [...deviceKey(e), ...(zoneId ? [`zone:${zoneId}`] : [])] };
  },
  joins: (inc, _e, m) => sharesKey(inc, m),
};

export const fenceRule: LinkageRule = {
  id: "fence_alarm", title: "周界围栏报警", kinds: ["fence.alarm"], incidentKind: "fence_alarm",
  severity: SEVERITY.high, joinWindowMs: 30_000, sopId: "fence_alarm", requirement: "R-4.1",
  match(e, ctx) {
    return { severity: Math.max(e.severity, SEVERITY.high), title: `周界报警：${deviceName(e, ctx)}`, zoneId: zoneIdOf(e, ctx), keys: deviceKey(e) };
  },
  // One climber trips the segment he crosses and often its neighbour: alarms on the same or an
  // adjacent segment within the window are one situation; far-apart segments are two.
  joins(inc, e, m, ctx) {
    if (sharesKey(inc, m)) return true;
    const id = e.deviceId;
    return id !== null && inc.deviceIds.some((d) => ctx.campus.fenceAdjacent(d, id));
  },
};

export const panicRule: LinkageRule = {
  id: "panic", title: "紧急求助", kinds: ["alarm.panic"], incidentKind: "panic",
  severity: SEVERITY.critical, joinWindowMs: 300_000, sopId: "panic", requirement: "R-4.4",
  match(e, ctx) {
    return { severity: SEVERITY.critical, title: `一键报警：${deviceName(e, ctx)}`, zoneId: zoneIdOf(e, ctx), keys: deviceKey(e) };
  },
  joins: (inc, _e, m) => sharesKey(inc, m),
};
