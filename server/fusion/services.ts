import type { FaultTicket } from "../contracts/fault";
import type { Incident } from "../contracts/incident";
import { FaultTicketClosedError, IncidentTransitionError, SopStepError } from "./errors";
import { nextState, type IncidentAction } from "./incident-machine";
import type { DerivedState } from "./state";
import { FUSION_EVENT_KINDS as K, type FaultService, type IncidentService } from "./types";

// Operator commands. Each is checked against the current state (fast, typed
// refusal), then recorded as an event; the processor applies it in seq order and the command
// resolves with the state after it (or rejects if a concurrent command got there first).

export interface ServiceDeps {
  state(): DerivedState;
  command(campusId: string, kind: string, data: Record<string, unknown>, deviceId?: string | null): Promise<void>;
  incidentOrThrow(id: string): Incident;
  faultOrThrow(id: string): FaultTicket;
  checkDeadlines(): Promise<void>;
}

export function createServices(d: ServiceDeps): { incidents: IncidentService; faults: FaultService } {
  async function transition(id: string, actor: string, action: IncidentAction, note?: string): Promise<Incident> {
    const inc = d.incidentOrThrow(id);
    if (!nextState(inc.state, action)) throw new IncidentTransitionError(id, inc.state, action);
    await d.command(inc.campusId, K.incidentTransition, { incidentId: id, action, actor, note: note ?? null });
    return d.incidentOrThrow(id);
  }

  const incidents: IncidentService = {
    get: (id) => d.state().incident(id),
    list: (f = {}) => d.state().incidentBook.list(f),
    acknowledge: (id, actor, note) => transition(id, actor, "acknowledge", note),
    dispatch: (id, actor, note) => transition(id, actor, "dispatch", note),
    onScene: (id, actor, note) => transition(id, actor, "on_scene", note),
    resolve: (id, actor, note) => transition(id, actor, "resolve", note),
    markFalseAlarm: (id, actor, note) => transition(id, actor, "false_alarm", note),
    async addNote(id, actor, text) {
      const inc = d.incidentOrThrow(id);
      await d.command(inc.campusId, K.incidentNote, { incidentId: id, actor, text });
      return d.incidentOrThrow(id);
    },
    async completeStep(id, actor, stepId, note) {
      const inc = d.incidentOrThrow(id);
      const step = inc.steps.find((s) => s.id === stepId);
      if (!step) throw new SopStepError(id, stepId, "no such step");
      if (step.doneAt) throw new SopStepError(id, stepId, "already done");
      if (inc.state === "resolved" || inc.state === "false_alarm") throw new IncidentTransitionError(id, inc.state, "complete a step");
      await d.command(inc.campusId, K.incidentStep, { incidentId: id, stepId, actor, note: note ?? null });
      return d.incidentOrThrow(id);
    },
  };

  async function faultCommand(id: string, kind: string, data: Record<string, unknown>): Promise<FaultTicket> {
    const t = d.faultOrThrow(id);
    if (t.state === "closed") throw new FaultTicketClosedError(id);
    await d.command(t.campusId, kind, { ticketId: id, deviceId: t.deviceId, ...data }, t.deviceId);
    return d.faultOrThrow(id);
  }

  const faults: FaultService = {
    get: (id) => d.state().fault(id),
    list: (f = {}) => d.state().faultBook.list(f),
    notifyMaintainer: (id, actor, maintainer) => faultCommand(id, K.faultNotified, { actor, maintainer }),
    recordVisit: (id, actor, note) => faultCommand(id, K.faultVisit, { actor, note: note ?? null }),
    checkDeadlines: () => d.checkDeadlines(),
  };
  return { incidents, faults };
}
