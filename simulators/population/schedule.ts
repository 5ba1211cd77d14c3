import type { Prng } from "../../server/campus/prng";
import type { CampusIndex, Place } from "./campus-index";

// Timetables (the "day" of each person): a list of stays, each left at `leaveMs`. Times are
// campus-local minutes after midnight turned into epoch ms by the caller's `dayStartMs`.
// The shape follows a Chinese university day: breakfast 07:00–07:50, classes 08:00–11:30
// with a break at 09:35, lunch and a nap, classes 14:00–17:30 with a break at 15:35, dinner,
// evening study until ~21:30, dorms close at 23:00 (R-9 timetable assumptions).

export interface Stay {
  place: Place;
  /** When the person leaves this place (ms); null for the last stay. */
  leaveMs: number | null;
  /** Arrived by car (first stay) / leaves by car (last stay): LPR instead of a face capture. */
  vehicle?: string;
}

export interface Person {
  id: string;
  role: "student" | "commuter" | "staff" | "visitor";
  cardNo: string | null;
  stays: Stay[];
}

export interface PopulationSize {
  students: number;
  staff: number;
  visitors: number;
  /** Share of students who live off campus and pass a gate twice a day. */
  commuterShare: number;
  /** Share of staff who drive in (LPR at a vehicle gate). */
  staffDriverShare: number;
  /** Vehicles that are not staff cars (deliveries, taxis) entering during the day. */
  otherVehicles: number;
}

export const DEFAULT_POPULATION: PopulationSize = {
  students: 2000, staff: 200, visitors: 120, commuterShare: 0.25, staffDriverShare: 0.35, otherVehicles: 60,
};

const MIN = 60_000;

export function buildPeople(ix: CampusIndex, size: PopulationSize, prng: Prng, dayStartMs: number): Person[] {
  const at = (minutes: number, jitterMin = 0) => dayStartMs + Math.round((minutes + prng.range(0, jitterMin)) * MIN);
  const pickOr = (list: Place[], fallback: Place[]) => prng.pick(list.length ? list : fallback);
  const all = [...ix.buildings.values()];
  if (all.length === 0 || ix.walkGates.length === 0) return [];
  const teaching = ix.byKind("teaching").length ? ix.byKind("teaching") : all;
  const canteens = ix.byKind("canteen");
  const dorms = ix.byKind("dormitory");
  const offices = [...ix.byKind("admin"), ...ix.byKind("lab"), ...ix.byKind("library"), ...teaching];
  const evening = [...ix.byKind("library"), ...teaching];
  const meal = (leaveMin: number, jitter: number): Stay[] => (canteens.length ? [{ place: prng.pick(canteens), leaveMs: at(leaveMin, jitter) }] : []);
  const people: Person[] = [];

  for (let i = 0; i < size.students; i++) {
    const id = `S${String(i + 1).padStart(5, "0")}`;
    const commuter = dorms.length === 0 || prng.chance(size.commuterShare);
    const home = commuter ? prng.pick(ix.walkGates) : prng.pick(dorms);
    const classA = prng.pick(teaching);
    const switchAm = prng.chance(0.4) ? prng.pick(teaching) : null;
    const switchPm = prng.chance(0.4) ? prng.pick(teaching) : null;
    const classB = prng.pick(teaching);
    const stays: Stay[] = [
      { place: home, leaveMs: at(commuter ? 430 : 420, commuter ? 40 : 35) },
      ...meal(455, 15),
      { place: classA, leaveMs: switchAm ? at(575, 1.5) : at(690, 3) },
      ...(switchAm ? [{ place: switchAm, leaveMs: at(690, 3) }] : []),
      ...meal(725, 35),
      ...(commuter ? [] : [{ place: home, leaveMs: at(815, 15) }]),
      { place: classB, leaveMs: switchPm ? at(935, 1.5) : at(1050, 3) },
      ...(switchPm ? [{ place: switchPm, leaveMs: at(1050, 3) }] : []),
      ...(commuter ? [] : [...meal(1075, 35), ...(prng.chance(0.5) ? [{ place: pickOr(evening, teaching), leaveMs: at(1260, 40) }] : [])]),
      { place: home, leaveMs: null },
    ];
    people.push({ id, role: commuter ? "commuter" : "student", cardNo: cardNo(id, prng), stays });
  }

  for (let i = 0; i < size.staff; i++) {
    const id = `T${String(i + 1).padStart(4, "0")}`;
    const drives = ix.vehicleGates.length > 0 && prng.chance(size.staffDriverShare);
    const gate = drives ? prng.pick(ix.vehicleGates) : prng.pick(ix.walkGates);
    const office = prng.pick(offices);
    const vehicle = drives ? plate(prng) : undefined;
    people.push({
      id, role: "staff", cardNo: cardNo(id, prng),
      stays: [
        { place: gate, leaveMs: at(440, 60), vehicle },
        { place: office, leaveMs: at(700, 15) },
        ...meal(740, 20),
        { place: office, leaveMs: at(1020, 60) },
        { place: gate, leaveMs: null, vehicle },
      ],
    });
  }

  for (let i = 0; i < size.visitors; i++) {
    const gate = prng.pick(ix.walkGates);
    const arrive = 540 + prng.range(0, 420);
    people.push({
      id: `V${String(i + 1).padStart(4, "0")}`, role: "visitor", cardNo: null,
      stays: [
        { place: gate, leaveMs: at(arrive) },
        { place: prng.pick(all), leaveMs: at(arrive + 30 + prng.range(0, 90)) },
        { place: gate, leaveMs: null },
      ],
    });
  }
  return people;
}

/** Vehicles that are not staff cars: in through a vehicle gate, out 15–60 minutes later. */
export function buildVisitingVehicles(ix: CampusIndex, count: number, prng: Prng, dayStartMs: number) {
  if (ix.vehicleGates.length === 0) return [];
  return Array.from({ length: count }, () => {
    const inMs = dayStartMs + Math.round((360 + prng.range(0, 660)) * MIN);
    return { plate: plate(prng), gate: prng.pick(ix.vehicleGates), inMs, outMs: inMs + Math.round(prng.range(15, 60) * MIN) };
  });
}

function cardNo(id: string, prng: Prng): string {
  return `${String(prng.int(1000, 9999))}${id.replace(/\D/g, "").padStart(6, "0")}`;
}

const PLATE_PROVINCE = ["沪", "苏", "浙", "皖"];
const PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A Chinese civil plate (GA 36): province, issuing-office letter, five characters. */
export function plate(prng: Prng): string {
  let tail = "";
  for (let i = 0; i < 5; i++) tail += prng.chance(0.3) ? PLATE_LETTERS[prng.int(0, PLATE_LETTERS.length - 1)] : String(prng.int(0, 9));
  return `${prng.pick(PLATE_PROVINCE)}${PLATE_LETTERS[prng.int(0, 7)]}${tail}`;
}
