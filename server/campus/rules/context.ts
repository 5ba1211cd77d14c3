import type { Building, CampusSite, Device, Zone } from "../../contracts/campus";
import type { PointM } from "../../contracts/geometry";
import type { Prng } from "../prng";
import { round3 } from "../plane";
import { dc09Account, gbId, GB_TYPE, mqttId, type IdPlan } from "./ids";
import { aimOptics, type Vec3 } from "./optics";
import { CAMERA_RESOLUTIONS, familyRule, MOUNT_HEIGHT_M, type CameraPurpose } from "./table";
import { floorHeightM } from "./building-layout";

// Shared state while placing devices: id counters per family, the id plan, the PRNG, lookups.

export interface PlacementContext {
  site: CampusSite & { zones: Zone[] };
  plan: IdPlan;
  rng: Prng;
  devices: Device[];
  building(id: string | null): Building | undefined;
  zonesOf(kind: Zone["kind"]): Zone[];
  /** Device id `<campus>:<prefix>-<n>` with a per-prefix counter. */
  nextId(prefix: string): string;
  nextGb(type: keyof typeof GB_TYPE): string;
  nextAccount(): string;
  nextMqtt(family: string): string;
  push(d: Omit<Device, "status" | "model" | "manufacturer" | "optics" | "polyline" | "parentId" | "attrs"> & Partial<Device>): Device;
}

export function createContext(site: CampusSite & { zones: Zone[] }, plan: IdPlan, rng: Prng): PlacementContext {
  const counters = new Map<string, number>();
  const bump = (key: string) => { const n = (counters.get(key) ?? 0) + 1; counters.set(key, n); return n; };
  const buildings = new Map(site.buildings.map((b) => [b.id, b]));
  const devices: Device[] = [];
  return {
    site, plan, rng, devices,
    building: (id) => (id === null ? undefined : buildings.get(id)),
    zonesOf: (kind) => site.zones.filter((z) => z.kind === kind),
    nextId: (prefix) => `${site.id}:${prefix}-${bump(`id:${prefix}`)}`,
    nextGb: (type) => gbId(plan, GB_TYPE[type], bump(`gb:${GB_TYPE[type]}`)),
    nextAccount: () => dc09Account(plan, bump("dc09")),
    nextMqtt: (family) => mqttId(plan, family, bump(`mqtt:${family}`)),
    push(d) {
      const device: Device = {
        status: "online", model: null, manufacturer: null, optics: null, polyline: null, parentId: null, attrs: {},
        ...d,
        position: [round3(d.position[0]), round3(d.position[1]), round3(d.position[2])],
      };
      devices.push(device);
      return device;
    },
  };
}

/** Height of a floor's slab above ground. */
export function floorBaseM(ctx: PlacementContext, buildingId: string | null, floor: number): number {
  const b = ctx.building(buildingId);
  return b ? floor * floorHeightM(b) : 0;
}

const CAMERA_MAKERS = ["海康威视", "大华", "宇视", "天地伟业"] as const;

export interface CameraSpec {
  family: string;
  name: string;
  at: PointM;
  target: PointM;
  /** Height of the target above this floor (1.6 m faces, 0.5 m plates, 0 ground). */
  targetHeightM?: number;
  purpose: CameraPurpose;
  indoor: boolean;
  buildingId?: string | null;
  floor?: number;
  resolution?: readonly [number, number];
  watches?: string | null;
  kind?: "camera" | "lpr_camera" | "face_camera" | "density_camera";
  attrs?: Record<string, unknown>;
}

/** A camera with a real pose: mounted 3–8 m above its floor and aimed at what it watches. */
export function pushCamera(ctx: PlacementContext, spec: CameraSpec): Device {
  const rule = familyRule(spec.family);
  const kind = spec.kind ?? "camera";
  const [lo, hi] = spec.indoor ? MOUNT_HEIGHT_M.indoor : MOUNT_HEIGHT_M.outdoor;
  const mountHeightM = round3(ctx.rng.range(lo, hi));
  const floor = spec.floor ?? 0;
  const base = floorBaseM(ctx, spec.buildingId ?? null, floor);
  const resolution = spec.resolution ?? ctx.rng.pick(CAMERA_RESOLUTIONS);
  const position: Vec3 = [spec.at[0], spec.at[1], base + mountHeightM];
  const target: Vec3 = [round3(spec.target[0]), round3(spec.target[1]), round3(base + (spec.targetHeightM ?? 0))];
  const optics = aimOptics({ position, target, purpose: spec.purpose, resolution });
  const prefix = { camera: "cam", lpr_camera: "lpr", face_camera: "face", density_camera: "dens" }[kind];
  const externalId = rule.protocol === "mqtt" ? ctx.nextMqtt("dens")
    : ctx.nextGb(rule.protocol === "gat1400" ? "apeCapture" : "ipc");
  return ctx.push({
    id: ctx.nextId(prefix), kind, protocol: rule.protocol, externalId, name: spec.name,
    buildingId: spec.buildingId ?? null, floor, position, optics,
    manufacturer: ctx.rng.pick(CAMERA_MAKERS),
    model: `${spec.indoor ? "半球" : "枪机"} ${Math.round((resolution[0] * resolution[1]) / 1e6)}MP`,
    attrs: {
      family: spec.family, requirement: rule.requirement, purpose: spec.purpose, mountHeightM,
      targetM: target, watches: spec.watches ?? null, ...(spec.attrs ?? {}),
    },
  });
}
