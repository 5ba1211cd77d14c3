import { SEVERITY } from "../../contracts/event";
import { deviceKey, deviceName, sharesKey, subjectKeyOf, zoneIdOf, type LinkageRule } from "./types";

// People and vehicles: watchlist hits (GA/T 1400 face / plate), crowd density over a zone's
// limit (R-2.9, Zone.densityLimitPerM2) and loitering (a subject lingering in one zone, either
// reported by a camera's behaviour analysis or derived from its sightings).

export const watchlistRule: LinkageRule = {
  id: "watchlist", title: "布控对象出现", kinds: ["face.watchlist_hit", "vehicle.watchlist_hit"], incidentKind: "watchlist",
  severity: SEVERITY.high, joinWindowMs: 1_800_000, sopId: "watchlist", requirement: "R-4.1",
  match(e, ctx) {
    const subject = subjectKeyOf(e) ?? (typeof e.data.matchedFaceId === "string" ? `face:${e.data.matchedFaceId}` : null);
    const who = e.subject?.plate ?? e.subject?.ref ?? "未知对象";
    // One watched subject is one incident while it moves across cameras.
    return { severity: Math.max(e.severity, SEVERITY.high), title: `布控命中：${who}（${deviceName(e, ctx)}）`, zoneId: zoneIdOf(e, ctx),
      keys: subject ? [subject] : deviceKey(e) };
  },
  joins: (inc, _e, m) => sharesKey(inc, m),
};

export const densityRule: LinkageRule = {
  id: "density", title: "人员密度超限", kinds: ["density.sample"], incidentKind: "crowd_density",
  severity: SEVERITY.medium, joinWindowMs: 600_000, sopId: "crowd_density", requirement: "R-2.9",
  match(e, ctx) {
    const zoneId = zoneIdOf(e, ctx);
    const zone = zoneId ? ctx.campus.zone(zoneId) : undefined;
    const perM2 = typeof e.data.perM2 === "number" ? e.data.perM2 : null;
    if (!zone?.densityLimitPerM2 || perM2 === null || perM2 <= zone.densityLimitPerM2) return null;
    const severity = perM2 >= 1.5 * zone.densityLimitPerM2 ? SEVERITY.high : SEVERITY.medium;
    return { severity, title: `人员密度超限：${zone.name}（${perM2}/m²，限值 ${zone.densityLimitPerM2}）`, zoneId, keys: [`zone:${zone.id}`] };
  },
  joins: (inc, _e, m) => sharesKey(inc, m),
};

/** Sightings that place a subject somewhere (what loitering is derived from). */
export const SIGHTING_KINDS: ReadonlySet<string> = new Set([
  "face.capture", "face.watchlist_hit", "lpr.read", "vehicle.watchlist_hit", "access.granted", "behaviour.loitering",
]);

export const loiteringRule: LinkageRule = {
  id: "loitering", title: "徘徊滞留", kinds: ["behaviour.loitering", ...SIGHTING_KINDS], incidentKind: "loitering",
  severity: SEVERITY.medium, joinWindowMs: 1_800_000, sopId: "loitering", requirement: "R-4.1",
  match(e, ctx) {
    const subject = subjectKeyOf(e);
    const zoneId = zoneIdOf(e, ctx);
    const zoneName = (zoneId && ctx.campus.zone(zoneId)?.name) || deviceName(e, ctx);
    if (e.kind === "behaviour.loitering") {
      return { severity: Math.max(e.severity, SEVERITY.medium), title: `徘徊报警：${zoneName}`, zoneId,
        keys: subject ? [subject] : deviceKey(e) };
    }
    if (!subject || !zoneId) return null;
    const s = ctx.sighting(subject);
    if (!s?.zoneSince || s.zoneId !== zoneId) return null;
    if (e.occurredAt.getTime() - s.zoneSince.getTime() < ctx.loiterMs) return null;
    return { severity: SEVERITY.medium, title: `长时间滞留：${zoneName}（${subject}）`, zoneId, keys: [subject] };
  },
  joins: (inc, _e, m) => sharesKey(inc, m),
};
