import type { Zone } from "../../contracts/campus";
import { centroid, lerp } from "../plane";
import { entrancesOf } from "./building-layout";
import { floorBaseM, type PlacementContext } from "./context";
import { INTRUSION_ROOM_KINDS, PANIC_ROOM_KINDS } from "./table";

// Intrusion and panic alarms: one DC-09 alarm panel per protected
// building (or per stand-alone duty post); PIR detectors in archives, finance, server rooms and
// hazardous-goods stores, and 110 panic buttons in guard rooms and the principal's office, all
// reporting through their building's panel as numbered Contact ID zones.

interface Panel {
  id: string;
  account: string;
  nextZone: number;
}

function panelFor(ctx: PlacementContext, panels: Map<string, Panel>, z: Zone): Panel {
  const key = z.buildingId ?? `zone:${z.id}`;
  const existing = panels.get(key);
  if (existing) return existing;
  const b = ctx.building(z.buildingId);
  const account = ctx.nextAccount();
  const id = ctx.nextId("panel");
  const at = b ? lerp(entrancesOf(b, ctx.site.paths).main.point, centroid(b.footprint), 0.15) : centroid(z.polygon);
  ctx.push({
    id, kind: "alarm_panel", protocol: "dc09", externalId: account, name: `${b?.name ?? z.name}报警主机`,
    buildingId: b?.id ?? null, floor: 0, position: [at[0], at[1], 1.5],
    attrs: { family: "alarm-panel", requirement: "R-2.2", account, format: "ADM-CID" },
  });
  const panel = { id, account, nextZone: 1 };
  panels.set(key, panel);
  return panel;
}

export function placeAlarms(ctx: PlacementContext): void {
  const panels = new Map<string, Panel>();
  for (const kind of INTRUSION_ROOM_KINDS) {
    for (const z of ctx.zonesOf(kind)) {
      const panel = panelFor(ctx, panels, z);
      const c = centroid(z.polygon);
      // Two ceiling-corner PIRs looking across the room, so no single blind spot covers the door.
      [0, 2].forEach((corner, i) => {
        const p = lerp(z.polygon[corner % z.polygon.length]!, c, 0.2);
        const zone = panel.nextZone++;
        ctx.push({
          id: ctx.nextId("pir"), kind: "intrusion_detector", protocol: "dc09", externalId: `${panel.account}/${String(zone).padStart(3, "0")}`,
          name: `${z.name}红外探测器${i + 1}`, buildingId: z.buildingId, floor: z.floor,
          position: [p[0], p[1], floorBaseM(ctx, z.buildingId, z.floor) + 2.4], parentId: panel.id,
          attrs: { family: "intrusion-detector", requirement: "R-2.2", account: panel.account, zone, detector: "PIR", roomZoneId: z.id },
        });
      });
    }
  }
  for (const kind of PANIC_ROOM_KINDS) {
    for (const z of ctx.zonesOf(kind)) {
      const panel = panelFor(ctx, panels, z);
      const p = lerp(centroid(z.polygon), z.polygon[1]!, 0.3);
      const zone = panel.nextZone++;
      ctx.push({
        id: ctx.nextId("panic"), kind: "panic_button", protocol: "dc09", externalId: `${panel.account}/${String(zone).padStart(3, "0")}`,
        name: `${z.name}110紧急按钮`, buildingId: z.buildingId, floor: z.floor,
        position: [p[0], p[1], floorBaseM(ctx, z.buildingId, z.floor) + 0.8], parentId: panel.id,
        attrs: { family: "panic-button", requirement: "R-2.3", account: panel.account, zone, variant: "desk", roomZoneId: z.id, linkedTo: ["110", "duty_room"] },
      });
    }
  }
}
