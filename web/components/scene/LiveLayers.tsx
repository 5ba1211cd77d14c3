import { useMemo } from "react";
import type { CampusModel, DeviceKind } from "../../../server/contracts/campus";
import type { AgentBuffer } from "../../lib/agents";
import { beaconReader } from "../../lib/beacons";
import type { CommandState, CommandStore } from "../../lib/command-store";
import type { DensityGrid } from "../../lib/density-grid";
import { paintDensity } from "../../lib/density-grid";
import type { LiveStore } from "../../lib/live-store";
import { useStore } from "../../lib/store";
import { Agents } from "./Agents";
import { Beacons } from "./Beacons";
import { BuildingFloors } from "./BuildingFloors";
import { CameraFrustums } from "./CameraFrustums";
import { DensityHeatmap, type DensitySource } from "./DensityHeatmap";
import { DeviceMarkers } from "./DeviceMarkers";
import { FenceSegments } from "./FenceSegments";
import { FlyTo } from "./FlyTo";
import { LiveTicker } from "./LiveTicker";

// The live layers of the twin, each toggleable (command store `layers`): frustums, fence states,
// device markers (doors, gates, LPR lanes, panic buttons, detectors, sensors), people and
// vehicles, the density heatmap and alarm beacons; plus the opened building's floors.

export interface LiveSceneProps {
  live: LiveStore;
  command: CommandStore;
  agents: AgentBuffer;
  densityGrid: DensityGrid;
  onPickDevice: (deviceId: string) => void;
}

const DOOR_KINDS: ReadonlySet<DeviceKind> = new Set(["access_door", "gate"]);
const ALL_KINDS_BUT_DOORS: ReadonlySet<DeviceKind> = new Set([
  "camera", "lpr_camera", "face_camera", "density_camera", "fence_segment", "fence_host", "alarm_panel",
  "intrusion_detector", "panic_button", "patrol_checkpoint", "smoke_sensor", "electric_fire_sensor",
]);
const NONE: ReadonlySet<DeviceKind> = new Set();

function hiddenKinds(layers: CommandState["layers"]): ReadonlySet<DeviceKind> {
  if (!layers.devices && !layers.doors) return new Set([...DOOR_KINDS, ...ALL_KINDS_BUT_DOORS]);
  if (!layers.devices) return ALL_KINDS_BUT_DOORS;
  if (!layers.doors) return DOOR_KINDS;
  return NONE;
}

export function LiveLayers({ campus, live, command, agents, densityGrid, onPickDevice }: LiveSceneProps & { campus: CampusModel }) {
  const layers = useStore(command, (s) => s.layers);
  const openBuildingId = useStore(command, (s) => s.openBuildingId);
  const openFloor = useStore(command, (s) => s.openFloor);
  const devicesById = useMemo(() => new Map(campus.devices.map((d) => [d.id, d])), [campus.devices]);
  const beacons = useMemo(() => beaconReader(live.getState, devicesById), [live, devicesById]);
  const density = useMemo<DensitySource>(() => ({
    version: () => live.getState().densityVersion,
    paint: (grid, out) => {
      const d = live.getState().densities;
      paintDensity(grid, (zoneId) => d.get(zoneId)?.perM2, out);
    },
  }), [live]);
  const openBuilding = campus.buildings.find((b) => b.id === openBuildingId) ?? null;
  const stores = useMemo(() => [command], [command]);
  const hidden = useMemo(() => hiddenKinds(layers), [layers]);

  return (
    <group name="live-layers">
      <CameraFrustums devices={campus.devices} live={live} command={command} visible={layers.frustums} indoorBuildingId={openBuildingId} />
      <FenceSegments devices={campus.devices} live={live} onPick={onPickDevice} visible={layers.fences} />
      <DeviceMarkers devices={campus.devices} live={live} onPick={onPickDevice} hiddenKinds={hidden} />
      <Agents buffer={agents} visible={layers.agents} />
      <DensityHeatmap grid={densityGrid} source={density} visible={layers.heatmap} />
      <Beacons beacons={beacons} visible={layers.beacons} />
      {openBuilding && <BuildingFloors building={openBuilding} floor={openFloor} />}
      <FlyTo command={command} />
      <LiveTicker live={live} agents={agents} beacons={beacons} stores={stores} />
    </group>
  );
}
