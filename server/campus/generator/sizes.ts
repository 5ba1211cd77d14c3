import type { Building } from "../../contracts/campus";

// Dimensions of a plausible Chinese university campus, per size and per building kind.

export type GeneratedSize = "small" | "default" | "large";

export interface SizeSpec {
  cols: number;
  rows: number;
  /** Block widths / heights between road centre lines (m). */
  colM: [number, number];
  rowM: [number, number];
  /** Extra gates beyond main, vehicle, side, service. */
  extraPedestrianGates: number;
}

export const SIZE_SPECS: Record<GeneratedSize, SizeSpec> = {
  small: { cols: 2, rows: 2, colM: [155, 165], rowM: [135, 145], extraPedestrianGates: 0 },
  default: { cols: 5, rows: 3, colM: [160, 175], rowM: [140, 155], extraPedestrianGates: 1 },
  large: { cols: 7, rows: 6, colM: [165, 175], rowM: [130, 140], extraPedestrianGates: 2 },
};

/** The playground column fits a standard 400 m track (≈177 × 93 m) plus setbacks. */
export const PLAYGROUND_COL_M = 215;
/** Distance from the wall to the ring road's centre line (green belt + patrol strip). */
export const RING_INSET_M = 30;
export const ROAD_WIDTH_M = { ring: 9, axis: 14, street: 8, gate: 8 } as const;
/** Clearance between a road's edge and a building. */
export const SETBACK_M = 8;

export interface BuildingTemplate {
  lenM: [number, number];
  depthM: [number, number];
  floors: [number, number];
  floorHeightM: number;
}

export const TEMPLATES: Record<Building["kind"], BuildingTemplate> = {
  teaching: { lenM: [55, 68], depthM: [16, 20], floors: [4, 6], floorHeightM: 3.9 },
  dormitory: { lenM: [50, 60], depthM: [12, 15], floors: [6, 6], floorHeightM: 3.1 },
  canteen: { lenM: [42, 52], depthM: [30, 36], floors: [2, 3], floorHeightM: 4.8 },
  library: { lenM: [64, 74], depthM: [40, 46], floors: [5, 7], floorHeightM: 4.5 },
  lab: { lenM: [44, 54], depthM: [18, 22], floors: [4, 5], floorHeightM: 4.2 },
  admin: { lenM: [50, 58], depthM: [16, 18], floors: [5, 6], floorHeightM: 3.6 },
  gym: { lenM: [56, 64], depthM: [38, 44], floors: [2, 2], floorHeightM: 8 },
  control_room: { lenM: [22, 26], depthM: [14, 16], floors: [2, 2], floorHeightM: 4.5 },
  guard_room: { lenM: [8, 8], depthM: [5, 5], floors: [1, 1], floorHeightM: 3.5 },
  other: { lenM: [30, 40], depthM: [15, 20], floors: [2, 3], floorHeightM: 4 },
};

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1..99 in Chinese numerals (第一, 第十二, 第二十一). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10), ones = n % 10;
  return `${tens === 1 ? "" : DIGITS[tens]}十${ones === 0 ? "" : DIGITS[ones]}`;
}

export const ROAD_NAMES = [
  "学府路", "博学路", "笃行路", "明德路", "求是路", "致远路", "启航路", "厚德路", "弘毅路", "格物路",
  "知行路", "尚德路", "崇实路", "创新路", "思源路", "励志路", "勤学路", "敬业路", "同心路", "远航路",
];

export const CAMPUS_PREFIXES = ["浦江", "东海", "申城", "滨江", "明珠", "江湾", "淞沪", "华亭", "海湾", "松江", "临港", "吴淞"];
export const CAMPUS_TYPES = ["理工大学", "师范大学", "财经大学", "科技大学", "医科大学", "外国语大学", "交通大学", "工程大学", "政法大学", "海洋大学"];
