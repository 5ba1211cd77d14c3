import type { DensityHourRow, SightingHourRow, SightingRow } from "./sql";

// Folding an indexed page into hourly aggregates (DensityHour per zone, SightingHour per place).
// Pure: the history SQL layer calls it inside the commit transaction, after dropping what the
// committed cursor already covers, so two indexers on one database never count an event twice.

const HOUR_MS = 3_600_000;

/** A density camera's sample as the indexer saw it (event seq kept for the cursor check). */
export interface DensitySample { seq: number; campusId: string; zoneId: string; at: Date; perM2: number }

const hourOf = (at: Date) => Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;

/** Located sightings counted per place and UTC hour (occurredAt). */
export function sightingHoursOf(sightings: readonly SightingRow[]): SightingHourRow[] {
  const hours = new Map<string, SightingHourRow>();
  for (const s of sightings) {
    if (s.xM === null || s.yM === null) continue;
    const hourMs = hourOf(s.at);
    const key = `${s.campusId}|${hourMs}|${s.xM}|${s.yM}`;
    const h = hours.get(key);
    if (h) h.sightings++;
    else hours.set(key, { campusId: s.campusId, hourStart: new Date(hourMs), xM: s.xM, yM: s.yM, sightings: 1 });
  }
  return [...hours.values()];
}

/** Density samples folded per zone and UTC hour (occurredAt): count, sum and peak. */
export function densityHoursOf(samples: readonly DensitySample[]): DensityHourRow[] {
  const hours = new Map<string, DensityHourRow>();
  for (const d of samples) {
    const hourMs = hourOf(d.at);
    const key = `${d.campusId}|${d.zoneId}|${hourMs}`;
    const h = hours.get(key);
    if (!h) hours.set(key, { campusId: d.campusId, zoneId: d.zoneId, hourStart: new Date(hourMs), samples: 1, sumPerM2: d.perM2, maxPerM2: d.perM2 });
    else {
      h.samples++;
      h.sumPerM2 += d.perM2;
      h.maxPerM2 = Math.max(h.maxPerM2, d.perM2);
    }
  }
  return [...hours.values()];
}
