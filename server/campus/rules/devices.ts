import type { CampusSite, Device, Zone } from "../../contracts/campus";
import { createPrng } from "../prng";
import { createContext } from "./context";
import { defaultCampusNo, validateIdPlan } from "./ids";
import { placeAlarms } from "./place-alarms";
import { placeBuildings } from "./place-buildings";
import { placeGates } from "./place-gates";
import { placeOutdoor } from "./place-outdoor";
import { placePerimeter } from "./place-perimeter";

// placeDevices: equips a site (generated or imported, zones already derived by deriveZones)
// with the devices of REQUIREMENTS R-2, by the rules in ./table.ts. Deterministic: the same
// site and seed give the same devices, ids and external ids.

export interface PlaceDevicesOptions {
  seed: number;
  /** 8-digit GB/T 28181 centre code (GB/T 2260 district + unit). Default: Shanghai Yangpu. */
  civilCode?: string;
  /** 1..99, distinguishes campuses of one deployment inside external ids. Default: from site id. */
  campusNo?: number;
}

export const DEFAULT_CIVIL_CODE = "31011000";

export function placeDevices(site: CampusSite & { zones: Zone[] }, opts: PlaceDevicesOptions): Device[] {
  const plan = validateIdPlan({ civilCode: opts.civilCode ?? DEFAULT_CIVIL_CODE, campusNo: opts.campusNo ?? defaultCampusNo(site.id) });
  const ctx = createContext(site, plan, createPrng(opts.seed).fork(`devices:${site.id}`));
  placeGates(ctx);
  placePerimeter(ctx);
  placeBuildings(ctx);
  placeAlarms(ctx);
  placeOutdoor(ctx);
  return ctx.devices;
}
