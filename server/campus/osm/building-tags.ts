import type { Building } from "../../contracts/campus";
import type { OsmTags } from "./parse";

// Reading building attributes from OSM tags (https://wiki.openstreetmap.org/wiki/Key:height,
// Key:building:levels, Key:building). Heights: `height` when tagged, else levels × a storey
// height, else a default; floors follow levels, else the height.

export const STOREY_HEIGHT_M = 3.2;
export const DEFAULT_FLOORS = 4;
/** Small structures default to one storey rather than DEFAULT_FLOORS. */
const ONE_STOREY_TYPES = new Set(["roof", "shed", "garage", "garages", "kiosk", "hut", "toilets", "guardhouse", "gatehouse", "carport", "cabin", "container", "shelter"]);

/** "12", "12 m", "12.5m", "40 ft", "40'" → metres; null when absent or unreadable. */
export function parseLengthM(text: string | undefined): number | null {
  if (text === undefined) return null;
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*(m|metres?|meters?|ft|feet|')?\s*$/i.exec(text);
  if (!m) return null;
  const value = Number(m[1]!.replace(",", "."));
  const unit = (m[2] ?? "m").toLowerCase();
  const metres = unit === "ft" || unit === "feet" || unit === "'" ? value * 0.3048 : value;
  return Number.isFinite(metres) && metres > 0 ? metres : null;
}

/** "9", "9.5", "3;4" (first value) → levels; null when absent or not positive. */
export function parseLevels(text: string | undefined): number | null {
  if (text === undefined) return null;
  const m = /^\s*(\d+(?:\.\d+)?)/.exec(text);
  const v = m ? Number(m[1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : null;
}

export interface BuildingSize { heightM: number; floors: number; heightSource: "height" | "levels" | "default" }

export function buildingSize(tags: OsmTags): BuildingSize {
  const heightM = parseLengthM(tags.height) ?? parseLengthM(tags["building:height"]);
  const levels = parseLevels(tags["building:levels"]);
  if (heightM !== null) {
    const floors = levels !== null ? Math.max(1, Math.round(levels)) : Math.max(1, Math.round(heightM / STOREY_HEIGHT_M));
    return { heightM, floors, heightSource: "height" };
  }
  if (levels !== null) {
    const floors = Math.max(1, Math.round(levels));
    return { heightM: levels * STOREY_HEIGHT_M, floors, heightSource: "levels" };
  }
  const floors = ONE_STOREY_TYPES.has(tags.building ?? "") ? 1 : DEFAULT_FLOORS;
  return { heightM: floors * STOREY_HEIGHT_M, floors, heightSource: "default" };
}

type Kind = Building["kind"];

// Ordered: the first match wins, so "实验楼" beats a generic "楼", and security rooms are
// recognised before offices. Chinese campus names carry the function in the name
// (学生公寓 = dormitory, 食堂 = canteen); English names are matched case-insensitively.
const NAME_RULES: ReadonlyArray<readonly [RegExp, Kind]> = [
  [/监控中心|安防中心|控制室|指挥中心|security (control|command)|control room|cctv/i, "control_room"],
  [/门卫|传达室|警卫室|岗亭|guard ?(room|house)|gatehouse|security booth/i, "guard_room"],
  [/宿舍|公寓|学生楼|dorm|residence hall|student (housing|residence)/i, "dormitory"],
  [/食堂|餐厅|饭堂|学生餐|canteen|dining|cafeteria|refectory/i, "canteen"],
  [/图书馆|图书|library/i, "library"],
  [/实验|研究院|研究所|lab\b|laborator/i, "lab"],
  [/体育馆|体育中心|健身|游泳馆|球馆|gym|sports? (hall|centre|center)|stadium|natatorium/i, "gym"],
  [/教学|教室|讲堂|学院|teaching|classroom|lecture|college|school of/i, "teaching"],
  [/行政|办公|校长|校部|admin|office|headquarter/i, "admin"],
];

const TAG_RULES: ReadonlyArray<readonly [(t: OsmTags) => boolean, Kind]> = [
  [(t) => t.building === "guardhouse" || t.building === "gatehouse", "guard_room"],
  // On a campus, building=apartments is almost always student housing (学生公寓).
  [(t) => ["dormitory", "apartments"].includes(t.building ?? "") || t.amenity === "dormitory", "dormitory"],
  [(t) => ["canteen", "food_court", "restaurant", "cafe", "fast_food"].includes(t.amenity ?? ""), "canteen"],
  [(t) => t.amenity === "library" || t.building === "library", "library"],
  [(t) => ["sports_centre", "sports_hall", "stadium", "fitness_centre"].includes(t.leisure ?? "") || t.building === "sports_hall", "gym"],
  [(t) => t.amenity === "townhall" || t.building === "office" || t.building === "government" || t.office !== undefined, "admin"],
];

/** Guesses the building's use from its names first (most specific), then its tags. */
export function guessBuildingKind(tags: OsmTags): Kind {
  const names = [tags.name, tags["name:zh"], tags["name:en"], tags["official_name"]].filter((n): n is string => !!n);
  for (const [re, kind] of NAME_RULES) if (names.some((n) => re.test(n))) return kind;
  for (const [test, kind] of TAG_RULES) if (test(tags)) return kind;
  if (["university", "college", "school", "classroom"].includes(tags.building ?? "")) return "teaching";
  return "other";
}

export function buildingName(tags: OsmTags, fallback: string): string {
  return tags.name ?? tags["name:zh"] ?? tags["name:en"] ?? tags.ref ?? fallback;
}
