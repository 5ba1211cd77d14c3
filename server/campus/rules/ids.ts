import { hash32 } from "../prng";

// External ids the protocol adapters match devices by (one registry, R-3.1 "one device one
// file"). Each family has its own counter so ids are dense, stable and readable.

/** GB/T 28181-2016 Annex D type codes (digits 11-13 of a 20-digit code). */
export const GB_TYPE = { ipc: "132", camera: "131", alarmInput: "134", apeCapture: "132" } as const;
/** Annex D.3 industry code for education-sector access (digits 9-10). */
export const GB_INDUSTRY_EDUCATION = "11";

export interface IdPlan {
  /** 8-digit centre code: GB/T 2260 district code (6) + grassroots unit (2). */
  civilCode: string;
  /** 1..99: distinguishes campuses of one deployment inside ids (serials, DC-09 accounts). */
  campusNo: number;
}

export class IdPlanError extends Error {
  override name = "IdPlanError";
}

export function validateIdPlan(plan: IdPlan): IdPlan {
  if (!/^\d{8}$/.test(plan.civilCode)) throw new IdPlanError(`civilCode must be 8 digits, got "${plan.civilCode}"`);
  if (!Number.isInteger(plan.campusNo) || plan.campusNo < 1 || plan.campusNo > 99) {
    throw new IdPlanError(`campusNo must be 1..99, got ${plan.campusNo}`);
  }
  return plan;
}

/** A campus number from its id when the caller gives none (stable across runs). */
export function defaultCampusNo(siteId: string): number {
  return (hash32(siteId) % 99) + 1;
}

/**
 * GB/T 28181-2016 Annex D rule A: centre(8) + industry(2) + type(3) + network(1) + serial(6).
 * Network digit 0: video private network. Serial = campusNo(2) + per-type counter(4).
 */
export function gbId(plan: IdPlan, typeCode: string, n: number): string {
  if (n < 1 || n > 9999) throw new IdPlanError(`GB/T 28181 serial ${n} out of range 1..9999`);
  const serial = `${String(plan.campusNo).padStart(2, "0")}${String(n).padStart(4, "0")}`;
  return `${plan.civilCode}${GB_INDUSTRY_EDUCATION}${typeCode}0${serial}`;
}

/**
 * SIA DC-09 account (§5.5.1.6: 3-16 hex digits; Contact ID panels use 4-6). 5 hex digits:
 * 0x1 + campusNo + per-campus counter, so accounts are unique across a city deployment.
 */
export function dc09Account(plan: IdPlan, n: number): string {
  if (n < 1 || n > 255) throw new IdPlanError(`DC-09 account index ${n} out of range 1..255`);
  return (0x10000 + plan.campusNo * 0x100 + n).toString(16).toUpperCase();
}

/** MQTT device id (client id and topic segment): family prefix, campus, counter. */
export function mqttId(plan: IdPlan, family: string, n: number): string {
  return `${family}-${String(plan.campusNo).padStart(2, "0")}-${String(n).padStart(4, "0")}`;
}
