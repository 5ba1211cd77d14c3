import type { CampusModel, Device } from "../server/contracts/campus";

// A hand-made small campus for the MQTT and population tests: four buildings on a path
// network with two gates, and one device of every family the population model drives.
// Shaped like generator output (server/campus/generator) so tests can switch to it.

type P = [number, number];
const NODES: Record<string, P> = {
  g_main: [200, 0], j1: [200, 60], j2: [100, 60], j3: [300, 60], j4: [200, 150], j5: [100, 150], j6: [300, 150],
  j7: [200, 240], j8: [100, 240], j9: [300, 240], g_veh: [400, 150],
  e_dorm: [100, 100], e_canteen: [300, 100], e_t1: [100, 200], e_t2: [300, 200],
};
const EDGES: Array<[string, string, "road" | "footway"]> = [
  ["g_main", "j1", "road"], ["j1", "j2", "road"], ["j1", "j3", "road"], ["j1", "j4", "road"],
  ["j2", "e_dorm", "footway"], ["e_dorm", "j5", "footway"], ["j3", "e_canteen", "footway"], ["e_canteen", "j6", "footway"],
  ["j4", "j5", "road"], ["j4", "j6", "road"], ["j4", "j7", "road"], ["j5", "e_t1", "footway"], ["e_t1", "j8", "footway"],
  ["j6", "e_t2", "footway"], ["e_t2", "j9", "footway"], ["j7", "j8", "road"], ["j7", "j9", "road"], ["j6", "g_veh", "road"],
];

const rect = (x0: number, y0: number, x1: number, y1: number): P[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];

function device(d: Partial<Device> & Pick<Device, "id" | "kind" | "protocol" | "externalId" | "position">): Device {
  return {
    name: d.id, buildingId: null, floor: 0, optics: null, polyline: null, parentId: null, model: null, manufacturer: null,
    status: "online", attrs: {}, ...d,
  };
}

export function fixtureCampus(id = "fixture"): CampusModel {
  const mq = (kind: Device["kind"], n: string, family: string, position: [number, number, number], extra: Partial<Device> = {}) =>
    device({ id: `${id}-${n}`, kind, protocol: "mqtt", externalId: `${family}-01-${n}`, position, ...extra });
  return {
    id, name: "Fixture University", origin: { latDeg: 31.2, lonDeg: 121.4, altM: 5 }, timeZone: "Asia/Shanghai",
    source: "generated", attribution: null, boundary: rect(0, 0, 400, 300),
    buildings: [
      { id: `${id}-dorm`, name: "Dorm 1", kind: "dormitory", footprint: rect(30, 80, 90, 120), heightM: 18, floors: 6 },
      { id: `${id}-canteen`, name: "Canteen", kind: "canteen", footprint: rect(310, 80, 370, 120), heightM: 8, floors: 2 },
      { id: `${id}-t1`, name: "Teaching 1", kind: "teaching", footprint: rect(30, 180, 90, 220), heightM: 15, floors: 5 },
      { id: `${id}-t2`, name: "Teaching 2", kind: "teaching", footprint: rect(310, 180, 370, 220), heightM: 15, floors: 5 },
    ],
    zones: [
      { id: `${id}-z-gate`, name: "Main gate", kind: "gate", polygon: rect(185, 0, 215, 15), floor: 0, ownerDept: null, gridId: null, buildingId: null, densityLimitPerM2: 2 },
      { id: `${id}-z-canteen`, name: "Canteen hall", kind: "canteen", polygon: rect(310, 80, 370, 120), floor: 0, ownerDept: null, gridId: null, buildingId: `${id}-canteen`, densityLimitPerM2: 1.5 },
      { id: `${id}-z-stairs-t1`, name: "T1 stairs", kind: "stairs", polygon: rect(80, 195, 90, 205), floor: 0, ownerDept: null, gridId: null, buildingId: `${id}-t1`, densityLimitPerM2: 2.5 },
      { id: `${id}-z-stairs-t2`, name: "T2 stairs", kind: "stairs", polygon: rect(310, 195, 320, 205), floor: 0, ownerDept: null, gridId: null, buildingId: `${id}-t2`, densityLimitPerM2: 2.5 },
    ],
    paths: EDGES.map(([a, b, kind], i) => ({
      id: `${id}-p${i}`, kind, name: null, line: [NODES[a]!, NODES[b]!], widthM: kind === "road" ? 7 : 3, fromNode: `${id}-${a}`, toNode: `${id}-${b}`,
    })),
    devices: [
      device({ id: `${id}-gate-main`, kind: "gate", protocol: "none", externalId: "gate-main", position: [200, 0, 0], attrs: { gateKind: "main" } }),
      device({ id: `${id}-gate-veh`, kind: "gate", protocol: "none", externalId: "gate-veh", position: [400, 150, 0], attrs: { gateKind: "vehicle" } }),
      device({ id: `${id}-face-1`, kind: "face_camera", protocol: "gat1400", externalId: "31011511132000010001", position: [200, 6, 3] }),
      device({ id: `${id}-lpr-in`, kind: "lpr_camera", protocol: "gat1400", externalId: "31011511132000010002", position: [396, 148, 4], attrs: { direction: "in" } }),
      device({ id: `${id}-lpr-out`, kind: "lpr_camera", protocol: "gat1400", externalId: "31011511132000010003", position: [396, 152, 4], attrs: { direction: "out" } }),
      device({ id: `${id}-fence-host`, kind: "fence_host", protocol: "dc09", externalId: "10101", position: [200, 290, 0], attrs: { account: "10101" } }),
      device({ id: `${id}-fence-1`, kind: "fence_segment", protocol: "dc09", externalId: "10101-1", position: [200, 300, 0], parentId: `${id}-fence-host`, polyline: [[100, 300], [300, 300]], attrs: { account: "10101", zone: 1 } }),
      device({ id: `${id}-cam-gate`, kind: "camera", protocol: "gb28181", externalId: "31011511131000010001", position: [210, 10, 6] }),
      mq("access_door", "0001", "acc", [90, 100, 0], { buildingId: `${id}-dorm` }),
      mq("access_door", "0002", "acc", [310, 100, 0], { buildingId: `${id}-canteen` }),
      mq("access_door", "0003", "acc", [90, 200, 0], { buildingId: `${id}-t1` }),
      mq("access_door", "0004", "acc", [310, 200, 0], { buildingId: `${id}-t2` }),
      mq("density_camera", "0005", "den", [85, 200, 3], { buildingId: `${id}-t1`, attrs: { zoneId: `${id}-z-stairs-t1`, areaM2: 100 } }),
      mq("density_camera", "0006", "den", [315, 200, 3], { buildingId: `${id}-t2`, attrs: { zoneId: `${id}-z-stairs-t2`, areaM2: 100 } }),
      mq("density_camera", "0007", "den", [340, 100, 3], { buildingId: `${id}-canteen`, attrs: { zoneId: `${id}-z-canteen`, areaM2: 2400 } }),
      mq("density_camera", "0008", "den", [200, 8, 4], { attrs: { zoneId: `${id}-z-gate`, areaM2: 450 } }),
      mq("patrol_checkpoint", "0009", "pat", [200, 10, 1]),
      mq("patrol_checkpoint", "0010", "pat", [95, 100, 1], { buildingId: `${id}-dorm` }),
      mq("patrol_checkpoint", "0011", "pat", [95, 200, 1], { buildingId: `${id}-t1` }),
      mq("patrol_checkpoint", "0012", "pat", [200, 240, 1]),
      mq("smoke_sensor", "0013", "smk", [60, 100, 9], { buildingId: `${id}-dorm`, floor: 3 }),
      mq("electric_fire_sensor", "0014", "efm", [60, 95, 9], { buildingId: `${id}-dorm`, floor: 3 }),
    ],
  };
}
