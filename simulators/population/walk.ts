import type { Prng } from "../../server/campus/prng";
import type { AccessOutcome, NewAction } from "./actions";
import type { CampusIndex, Place } from "./campus-index";
import type { Person } from "./schedule";

// Turns people's timetables into walks over the path network and the device actions their
// movement causes: door swipes leaving and entering buildings, face captures and LPR reads at
// gates, and the occupancy intervals the density cameras count (stairs while entering or
// leaving a teaching building, inside a canteen, passing a gate or dorm entrance).

export type Emit = (a: NewAction) => void;

export interface Occupancy {
  /** Key: "building:<id>", "stairs:<buildingId>", "node:<nodeId>". */
  intervals: Map<string, Array<[number, number]>>;
  /** Line crossings: key → [timeMs, +1 in / -1 out]. */
  crossings: Map<string, Array<[number, 1 | -1]>>;
}

const WALK_SPEED_MPS = 1.3;
const STAIRS_S = [40, 150] as const;
const PASSAGE_HALF_S = 12;

export function walkPeople(ix: CampusIndex, people: readonly Person[], prng: Prng, emit: Emit): Occupancy {
  const occ: Occupancy = { intervals: new Map(), crossings: new Map() };
  const span = (key: string, a: number, b: number) => {
    let l = occ.intervals.get(key);
    if (!l) occ.intervals.set(key, (l = []));
    l.push([a, b]);
  };
  const cross = (key: string, t: number, dir: 1 | -1) => {
    let l = occ.crossings.get(key);
    if (!l) occ.crossings.set(key, (l = []));
    l.push([t, dir]);
  };
  const watchedNodes = new Set(ix.density.filter((w) => w.watches.node).map((w) => w.watches.node!));

  for (const person of people) {
    const speed = WALK_SPEED_MPS * prng.range(0.8, 1.2);
    let arrivedMs: number | null = null;
    for (let i = 0; i + 1 < person.stays.length; i++) {
      const here = person.stays[i]!, next = person.stays[i + 1]!;
      if (here.leaveMs === null) break;
      let leaveMs = Math.max(here.leaveMs, arrivedMs ?? -Infinity);
      if (here.place.kind === "gate") {
        gatePass(ix, here.place, person, here.vehicle, leaveMs, "in", emit);
        cross(`node:${here.place.node}`, leaveMs, 1);
        span(`node:${here.place.node}`, leaveMs - PASSAGE_HALF_S * 1000, leaveMs + PASSAGE_HALF_S * 1000);
      } else {
        if (arrivedMs !== null && here.place.kind === "canteen") span(`building:${here.place.id}`, arrivedMs, leaveMs);
        if (here.place.kind === "teaching") {
          const stairsS = prng.range(STAIRS_S[0], STAIRS_S[1]);
          span(`stairs:${here.place.id}`, leaveMs, leaveMs + stairsS * 1000);
          cross(`stairs:${here.place.id}`, leaveMs, -1);
          leaveMs += stairsS * 1000;
        }
        swipe(here.place, person, leaveMs, "out", "granted", emit);
      }
      const route = ix.graph.route(here.place.node, next.place.node);
      if (!route) continue; // unreachable: the person stays (an imported campus with islands)
      let t = leaveMs;
      for (let k = 1; k < route.nodes.length; k++) {
        const a = ix.graph.position(route.nodes[k - 1]!), b = ix.graph.position(route.nodes[k]!);
        t += (Math.hypot(a[0] - b[0], a[1] - b[1]) / speed) * 1000;
        const node = route.nodes[k]!;
        if (watchedNodes.has(node) && k < route.nodes.length - 1) {
          span(`node:${node}`, t - PASSAGE_HALF_S * 1000, t + PASSAGE_HALF_S * 1000);
          cross(`node:${node}`, t, 1);
        }
      }
      arrivedMs = Math.round(t);
      if (next.place.kind === "gate") {
        gatePass(ix, next.place, person, next.vehicle, arrivedMs, "out", emit);
        cross(`node:${next.place.node}`, arrivedMs, -1);
        span(`node:${next.place.node}`, arrivedMs - PASSAGE_HALF_S * 1000, arrivedMs + PASSAGE_HALF_S * 1000);
      } else {
        const denied = person.cardNo !== null && prng.chance(0.01);
        if (denied) swipe(next.place, person, arrivedMs, "in", "denied", emit);
        swipe(next.place, person, arrivedMs + (denied ? 6_000 : 0), "in", "granted", emit);
        if (next.place.kind === "teaching") {
          const stairsS = prng.range(STAIRS_S[0], STAIRS_S[1]);
          span(`stairs:${next.place.id}`, arrivedMs, arrivedMs + stairsS * 1000);
          cross(`stairs:${next.place.id}`, arrivedMs, 1);
        }
      }
    }
  }
  return occ;
}

function swipe(place: Place, person: Person, atMs: number, direction: "in" | "out", outcome: AccessOutcome, emit: Emit): void {
  const door = place.doors[0];
  if (!door || person.cardNo === null) return; // visitors are let in by the guard / intercom
  emit({ atMs, device: door, type: "access", outcome, personId: person.id, cardNo: person.cardNo, direction });
}

function gatePass(ix: CampusIndex, gate: Place, person: Person, vehicle: string | undefined, atMs: number, direction: "in" | "out", emit: Emit): void {
  if (vehicle) {
    const lane = ix.lprAt(gate.id)[direction];
    if (lane) emit({ atMs, device: lane, type: "lpr", plate: vehicle, watchlist: false, direction });
    return;
  }
  for (const cam of ix.faceCamerasAt(gate.id)) {
    emit({ atMs, device: cam, type: "face", personId: person.id, watchlist: false, direction });
    break; // one capture per passage: the camera facing the walking direction
  }
}
