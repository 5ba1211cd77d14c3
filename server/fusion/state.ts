import type { CampusEvent } from "../contracts/event";
import type { CampusIndex } from "./campus-index";
import type { Effects } from "./effects";
import { systemEvent } from "./effects";
import { FAULTY, statusMove } from "./device-status";
import { FaultBook } from "./fault-book";
import { IncidentBook } from "./incident-book";
import { SIGHTING_KINDS } from "./rules/people";
import { subjectKeyOf, zoneIdOf } from "./rules/types";
import type { ResolvedConfig } from "./config";
import {
  FUSION_EVENT_KINDS as K, type DerivedStateView, type DeviceState, type DoorState, type DoorStatus, type FenceState,
  type FusionSnapshot, type SubjectSighting, type ZoneDensity,
} from "./types";

// The derived state (DESIGN "The log is append-only; state is derived from it"). `apply` takes
// events strictly in seq order and is deterministic: the same log gives the same state, which is
// what `Fusion.rebuild()` and the rebuild-equals-live test rely on. No I/O here.

/** Kinds fusion itself derives: skipped as input, or a rebuild would count them twice. */
const DERIVED_KINDS: ReadonlySet<string> = new Set([
  K.incidentOpened, K.incidentUpdated, K.deviceStatusChanged, K.faultOpened, K.faultClosed,
]);
const MAX_SIGHTINGS_PER_SUBJECT = 20;
const EPOCH = new Date(0);

export class DerivedState implements DerivedStateView {
  private applied = 0;
  private readonly deviceStates = new Map<string, DeviceState>();
  private readonly beforeAlarm = new Map<string, DeviceState["status"]>();
  private readonly doorStates = new Map<string, DoorState & { campusId: string }>();
  private readonly fenceStates = new Map<string, FenceState & { campusId: string }>();
  private readonly densityStates = new Map<string, ZoneDensity & { campusId: string }>();
  private readonly sightingLog = new Map<string, SubjectSighting[]>();
  readonly incidentBook: IncidentBook;
  readonly faultBook: FaultBook;

  constructor(private readonly campuses: ReadonlyMap<string, CampusIndex>, private readonly config: ResolvedConfig) {
    for (const c of campuses.values()) this.registerCampus(c);
    this.incidentBook = new IncidentBook(campuses, config, (key) => this.sightingLog.get(key)?.at(-1));
    this.faultBook = new FaultBook(campuses, config);
  }

  /** Adds registry devices not seen yet (a campus loaded or re-saved). */
  registerCampus(c: CampusIndex): void {
    for (const d of c.devices()) {
      if (this.deviceStates.has(d.id)) continue;
      this.deviceStates.set(d.id, { deviceId: d.id, campusId: c.campusId, kind: d.kind, status: "online", statusAt: EPOCH, lastSeenAt: null, clockDriftS: null });
    }
  }

  apply(e: CampusEvent, fx: Effects): void {
    if (e.seq <= this.applied) return;
    this.applied = e.seq;
    if (DERIVED_KINDS.has(e.kind)) return;
    if (e.kind.startsWith("incident.")) return this.incidentBook.command(e, fx);
    if (e.kind.startsWith("fault.")) return this.faultBook.command(e, fx, this.deviceStates.get(String(e.data.deviceId ?? "")));
    const campus = this.campuses.get(e.campusId);
    if (e.deviceId) this.applyDevice(e, fx);
    if (!campus) return;
    this.applyDoorFence(e, fx);
    if (e.kind === "density.sample") this.applyDensity(e, campus, fx);
    if (SIGHTING_KINDS.has(e.kind)) this.applySighting(e, campus);
    this.incidentBook.evaluate(e, fx);
  }

  private applyDevice(e: CampusEvent, fx: Effects): void {
    const id = e.deviceId!;
    let d = this.deviceStates.get(id);
    if (!d) {
      d = { deviceId: id, campusId: e.campusId, kind: "unknown", status: "online", statusAt: EPOCH, lastSeenAt: null, clockDriftS: null };
      this.deviceStates.set(id, d);
    }
    d.lastSeenAt = e.occurredAt;
    if (e.kind === "device.clock_drift" && typeof e.data.driftS === "number") d.clockDriftS = e.data.driftS;
    const move = statusMove(e.kind, d.status);
    if (!move) return;
    const to = "to" in move ? move.to : this.beforeAlarm.get(id) ?? "online";
    if (to === d.status) return;
    if (to === "alarm") this.beforeAlarm.set(id, d.status);
    const from = d.status;
    d.status = to;
    d.statusAt = e.receivedAt;
    fx.devices.set(id, { ...d });
    fx.stateChanges.push({ type: "device", campusId: e.campusId, device: { ...d }, seq: e.seq });
    fx.outputs.push(systemEvent(`${K.deviceStatusChanged}:${id}:${e.seq}`, e, K.deviceStatusChanged, 0, e.receivedAt,
      { deviceId: id, from, to, causeSeq: e.seq, causeKind: e.kind }, id));
    if (FAULTY.has(to) && !FAULTY.has(from)) this.faultBook.deviceFailed(e, d, fx);
    else if (!FAULTY.has(to) && FAULTY.has(from)) this.faultBook.deviceRecovered(e, d, fx);
  }

  private applyDoorFence(e: CampusEvent, fx: Effects): void {
    const id = e.deviceId;
    if (!id) return;
    if (e.kind.startsWith("access.")) {
      const state = doorStatus(e);
      if (!state) return;
      const door = { deviceId: id, state, at: e.occurredAt, campusId: e.campusId };
      this.doorStates.set(id, door);
      fx.stateChanges.push({ type: "door", campusId: e.campusId, door: strip(door), seq: e.seq });
    } else if (e.kind.startsWith("fence.")) {
      const state = e.kind === "fence.alarm" ? "alarm" : e.kind === "fence.fault" ? "fault" : e.kind.endsWith("_restored") ? "normal" : null;
      if (!state) return;
      const fence = { deviceId: id, state, at: e.occurredAt, campusId: e.campusId } as const;
      this.fenceStates.set(id, fence);
      fx.stateChanges.push({ type: "fence", campusId: e.campusId, fence: strip(fence), seq: e.seq });
    }
  }

  private applyDensity(e: CampusEvent, campus: CampusIndex, fx: Effects): void {
    const zoneId = zoneIdOf(e, { campus });
    if (!zoneId || typeof e.data.perM2 !== "number") return;
    const density = {
      zoneId, perM2: e.data.perM2, count: typeof e.data.count === "number" ? e.data.count : 0, at: e.occurredAt,
      limitPerM2: campus.zone(zoneId)?.densityLimitPerM2 ?? null, campusId: e.campusId,
    };
    this.densityStates.set(zoneId, density);
    fx.stateChanges.push({ type: "density", campusId: e.campusId, density: strip(density), seq: e.seq });
  }

  private applySighting(e: CampusEvent, campus: CampusIndex): void {
    const key = subjectKeyOf(e);
    if (!key) return;
    const zoneId = zoneIdOf(e, { campus });
    const list = this.sightingLog.get(key) ?? [];
    const last = list.at(-1);
    const zoneSince = zoneId === null ? null : last && last.zoneId === zoneId && last.zoneSince ? last.zoneSince : e.occurredAt;
    list.push({ subjectKey: key, deviceId: e.deviceId, zoneId, at: e.occurredAt, seq: e.seq, zoneSince });
    if (list.length > MAX_SIGHTINGS_PER_SUBJECT) list.shift();
    this.sightingLog.set(key, list);
  }

  appliedSeq(): number { return this.applied; }
  device(id: string): DeviceState | undefined { return this.deviceStates.get(id); }
  devices(campusId?: string): DeviceState[] { return sorted(this.deviceStates.values(), (d) => d.deviceId, campusId); }
  doors(campusId?: string): DoorState[] { return sorted(this.doorStates.values(), (d) => d.deviceId, campusId).map(strip); }
  fences(campusId?: string): FenceState[] { return sorted(this.fenceStates.values(), (d) => d.deviceId, campusId).map(strip); }
  densities(campusId?: string): ZoneDensity[] { return sorted(this.densityStates.values(), (d) => d.zoneId, campusId).map(strip); }
  sightings(subjectKey: string): SubjectSighting[] { return [...(this.sightingLog.get(subjectKey) ?? [])]; }
  openIncidents(campusId?: string) { return this.incidentBook.list({ campusId, open: true }); }
  incident(id: string) { return this.incidentBook.get(id); }
  openFaults(campusId?: string) { return this.faultBook.list({ campusId, open: true }); }
  fault(id: string) { return this.faultBook.get(id); }

  snapshot(): FusionSnapshot {
    return {
      appliedSeq: this.applied,
      devices: this.devices().map((d) => ({ ...d })),
      doors: this.doors(), fences: this.fences(), densities: this.densities(),
      sightings: [...this.sightingLog.keys()].sort().flatMap((k) => this.sightings(k)),
      incidents: this.incidentBook.list({}), faults: this.faultBook.list({}),
    };
  }
}

function doorStatus(e: CampusEvent): DoorStatus | null {
  if (e.kind === "access.forced") return "forced";
  if (e.kind === "access.held_open") return "held_open";
  if (e.kind === "access.door_state") return e.data.state === "open" ? "open" : e.data.state === "closed" ? "closed" : "unknown";
  return null;
}

function strip<T extends { campusId: string }>(x: T): Omit<T, "campusId"> {
  const { campusId: _campusId, ...rest } = x;
  return rest;
}

function sorted<T extends { campusId: string }>(xs: Iterable<T>, key: (x: T) => string, campusId?: string): T[] {
  const out = [...xs].filter((x) => !campusId || x.campusId === campusId);
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
