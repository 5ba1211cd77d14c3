import { SEVERITY } from "../../contracts/event";
import { deviceKey, deviceName, sharesKey, zoneIdOf, type LinkageRule } from "./types";

// Fire rules: smoke detectors (MQTT smoke family, DC-09 11x) and electrical-fire monitors
// (residual current / cable temperature, MQTT electric family).

export const fireRule: LinkageRule = {
  id: "fire_smoke", title: "火灾烟感报警", kinds: ["fire.smoke"], incidentKind: "fire",
  severity: SEVERITY.critical, joinWindowMs: 600_000, sopId: "fire", requirement: "R-4.1",
  match(e, ctx) {
    const d = e.deviceId ? ctx.campus.device(e.deviceId) : undefined;
    const zoneId = zoneIdOf(e, ctx);
    // Smoke spreads: detectors of the same building (or zone outdoors) report one fire.
    const keys = [...deviceKey(e), ...(d?.buildingId ? [`building:${d.buildingId}`] : zoneId ? [`zone:${zoneId}`] : [])];
    return { severity: SEVERITY.critical, title: `烟感报警：${deviceName(e, ctx)}`, zoneId, keys };
  },
  joins: (inc, _e, m) => sharesKey(inc, m),
};

export const electricRule: LinkageRule = {
  id: "electric_fire", title: "电气火灾报警", kinds: ["electric.alarm"], incidentKind: "electric_fire",
  severity: SEVERITY.high, joinWindowMs: 1_800_000, sopId: "electric_fire", requirement: "R-4.1",
  match(e, ctx) {
    return { severity: Math.max(e.severity, SEVERITY.high), title: `电气火灾报警：${deviceName(e, ctx)}`, zoneId: zoneIdOf(e, ctx), keys: deviceKey(e) };
  },
  joins: (inc, _e, m) => sharesKey(inc, m),
};
