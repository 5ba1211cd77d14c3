import type { Device } from "../../server/contracts/campus";
import type { Incident } from "../../server/contracts/incident";
import { devicePoint } from "./beacons";
import { type CommandStore, flyTo, MAX_VIRTUAL_VIEWS } from "./command-store";

// Selecting an incident (R-4.1 video linkage on screen): fly to it, highlight its linked cameras
// (as fusion ranked them) and open the best ones' virtual views.

export function incidentPoint(i: Incident, devices: ReadonlyMap<string, Device>): [number, number] | null {
  if (i.location) return [i.location.xM, i.location.yM];
  const first = i.deviceIds.map((id) => devices.get(id)).find((d) => d !== undefined);
  if (!first) return null;
  const [e, n] = devicePoint(first);
  return [e, n];
}

export function flyToIncident(ctx: { command: CommandStore; devicesById: ReadonlyMap<string, Device> }, i: Incident): void {
  const cameras = [...i.cameras].sort((a, b) => a.rank - b.rank).map((c) => c.deviceId).filter((id) => ctx.devicesById.has(id));
  ctx.command.setState({
    selection: { type: "incident", id: i.id },
    highlightCameras: new Set(cameras),
    virtualViews: cameras.slice(0, Math.min(2, MAX_VIRTUAL_VIEWS)),
  });
  const p = incidentPoint(i, ctx.devicesById);
  if (p) flyTo(ctx.command, p[0], p[1], 280);
}
