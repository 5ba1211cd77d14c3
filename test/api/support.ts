import { randomUUID } from "node:crypto";
import type { Role, SessionUser } from "../../server/contracts/auth";
import type { FaultTicket } from "../../server/contracts/fault";
import type { Incident, IncidentState } from "../../server/contracts/incident";
import { contextFor, type ApiServices } from "../../server/api/context";
import { appRouter } from "../../server/api/root";
import { createApiServices } from "../../server/api/services";
import { createCallerFactory } from "../../server/api/trpc";
import { hashPassword } from "../../server/auth/password";
import { createEventLog, type EventLog } from "../../server/events/log";
import { FaultTicketNotFoundError, IncidentNotFoundError, IncidentTransitionError } from "../../server/fusion/errors";
import type { FaultService, Fusion, IncidentService } from "../../server/fusion/types";
import { createTestDb, type TestDb } from "../support/db";

// An API under test: a fresh database, the real services, one user per role, and callers that
// act as whichever of them a case needs. Fusion is a small in-memory fake of its published interfaces
// (server/fusion/types.ts) so the routers are tested on their own contract.

export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export const TEST_PASSWORD = "correct horse battery";

export interface ApiHarness {
  testDb: TestDb;
  events: EventLog;
  services: ApiServices;
  fusion: FakeFusion;
  users: Record<Role, SessionUser>;
  /** A caller acting as the role's user, optionally with a narrower campus scope. */
  as(role: Role, scope?: SessionUser["campusScope"]): Caller;
  anonymous(): Caller;
  close(): Promise<void>;
}

export async function createApiHarness(): Promise<ApiHarness> {
  const testDb = await createTestDb();
  const events = createEventLog(testDb.db);
  const fusion = createFakeFusion();
  const services = createApiServices({ db: testDb.db, events, fusion });
  const roles: Role[] = ["admin", "commander", "operator", "planner", "leader", "auditor"];
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const users = {} as Record<Role, SessionUser>;
  for (const role of roles) {
    const id = `u-${role}`;
    await testDb.db.prisma.user.create({ data: { id, username: role, displayName: role, role, campusScope: "*", passwordHash } });
    users[role] = { id, username: role, displayName: role, role, campusScope: "*", mustChangePassword: false };
  }
  return {
    testDb, events, services, fusion, users,
    as: (role, scope) => createCaller(contextFor(services, { ...users[role], ...(scope ? { campusScope: scope } : {}) })),
    anonymous: () => createCaller(contextFor(services, null)),
    async close() {
      await events.close();
      await testDb.drop();
    },
  };
}

export interface FakeFusion extends Pick<Fusion, "incidents" | "faults" | "state" | "reloadCampus"> {
  /** Campus ids reloadCampus was called with (registry changes the API made). */
  reloaded: string[];
  addIncident(campusId: string, over?: Partial<Incident>): Incident;
  addFault(campusId: string, over?: Partial<FaultTicket>): FaultTicket;
}

const NEXT: Partial<Record<string, { from: IncidentState[]; to: IncidentState }>> = {
  acknowledge: { from: ["open"], to: "acknowledged" },
  dispatch: { from: ["open", "acknowledged"], to: "dispatched" },
  onScene: { from: ["dispatched"], to: "on_scene" },
  resolve: { from: ["acknowledged", "dispatched", "on_scene"], to: "resolved" },
  markFalseAlarm: { from: ["open", "acknowledged", "dispatched", "on_scene"], to: "false_alarm" },
};

export function createFakeFusion(): FakeFusion {
  const incidents = new Map<string, Incident>();
  const faults = new Map<string, FaultTicket>();
  const find = (id: string) => {
    const i = incidents.get(id);
    if (!i) throw new IncidentNotFoundError(id);
    return i;
  };
  const transition = (action: string) => async (id: string, actor: string, note?: string) => {
    const i = find(id);
    const rule = NEXT[action]!;
    if (!rule.from.includes(i.state)) throw new IncidentTransitionError(id, i.state, action);
    i.history.push({ from: i.state, to: rule.to, at: new Date(), actor, note: note ?? null, seq: 0 });
    i.state = rule.to;
    return i;
  };
  const incidentService: IncidentService = {
    get: (id) => incidents.get(id),
    list: (f = {}) => [...incidents.values()].filter((i) => (!f.campusId || i.campusId === f.campusId) && (!f.open || !["resolved", "false_alarm"].includes(i.state))),
    acknowledge: transition("acknowledge"),
    dispatch: transition("dispatch"),
    onScene: transition("onScene"),
    resolve: transition("resolve"),
    markFalseAlarm: transition("markFalseAlarm"),
    async addNote(id, actor, text) {
      const i = find(id);
      i.notes.push({ at: new Date(), actor, text, seq: 0 });
      return i;
    },
    async completeStep(id, actor, stepId) {
      const i = find(id);
      const step = i.steps.find((s) => s.id === stepId);
      if (step) Object.assign(step, { doneAt: new Date(), doneBy: actor });
      return i;
    },
  };
  const faultService: FaultService = {
    get: (id) => faults.get(id),
    list: (f = {}) => [...faults.values()].filter((t) => (!f.campusId || t.campusId === f.campusId) && (!f.open || t.state === "open")),
    async notifyMaintainer(id, actor, maintainer) {
      const t = faults.get(id);
      if (!t) throw new FaultTicketNotFoundError(id);
      return Object.assign(t, { notifiedAt: new Date(), notifiedBy: actor, maintainer });
    },
    async recordVisit(id, actor, note) {
      const t = faults.get(id);
      if (!t) throw new FaultTicketNotFoundError(id);
      return Object.assign(t, { visitAt: new Date(), visitBy: actor, visitNote: note ?? null });
    },
    async checkDeadlines() {},
  };
  const now = new Date();
  const reloaded: string[] = [];
  return {
    reloaded,
    reloadCampus: async (campusId) => void reloaded.push(campusId),
    incidents: incidentService,
    faults: faultService,
    state: {
      appliedSeq: () => 0, device: () => undefined, devices: () => [], doors: () => [], fences: () => [], densities: () => [],
      sightings: () => [], openIncidents: (c) => incidentService.list({ campusId: c, open: true }), incident: (id) => incidents.get(id),
      openFaults: (c) => faultService.list({ campusId: c, open: true }), fault: (id) => faults.get(id),
      snapshot: () => { throw new Error("not in the fake"); },
    },
    addIncident(campusId, over = {}) {
      const i: Incident = {
        id: `inc-${randomUUID()}`, campusId, ruleId: "fence_alarm", kind: "fence_alarm", severity: 3, state: "open", title: "周界报警",
        location: { xM: 10, yM: 10, floor: 0 }, zoneId: null, deviceIds: [], eventSeqs: [], eventCount: 1, openedSeq: 1,
        openedAt: now, lastEventAt: now, updatedAt: now, closedAt: null, cameras: [], sopId: "fence", steps: [{ id: "verify", title: "核实", deadlineAt: null, doneAt: null, doneBy: null, note: null, overdueAt: null }],
        history: [], notes: [], ...over,
      };
      incidents.set(i.id, i);
      return i;
    },
    addFault(campusId, over = {}) {
      const t: FaultTicket = {
        id: `flt-${randomUUID()}`, campusId, deviceId: "dev-1", cause: "offline", state: "open", openedSeq: 1, openedAt: now, workingDay: true,
        notifyDueAt: now, onSiteDueAt: now, restoreDueAt: now, notifiedAt: null, notifiedBy: null, maintainer: null, visitAt: null, visitBy: null,
        visitNote: null, restoredAt: null, closedAt: null, escalations: [], updatedAt: now, ...over,
      };
      faults.set(t.id, t);
      return t;
    },
  };
}
