import type { CampusEvent } from "../contracts/event";
import { CLOSED_INCIDENT_STATES, type Incident, type IncidentState } from "../contracts/incident";
import type { NotifyRecipient } from "../notify/types";
import type { CampusIndex } from "./campus-index";
import { createWorkCalendar } from "./calendar";
import type { ResolvedConfig } from "./config";
import { scheduleFromAttrs } from "./config";
import { systemEvent, toJson, type Effects } from "./effects";
import { IncidentNotFoundError, IncidentTransitionError, SopStepError } from "./errors";
import { isIncidentAction, nextState } from "./incident-machine";
import { LINKAGE_RULES } from "./rules/table";
import type { LinkageRule, RuleContext, RuleMatch } from "./rules/types";
import { sopSteps, stepsCompletedBy } from "./sop";
import { FUSION_EVENT_KINDS as K, type IncidentChange, type SubjectSighting } from "./types";

// Incidents: linkage rules open and join them, operator commands move them through the
// state machine and the SOP, severe ones notify principal and police.

const MAX_EVENT_SEQS = 200;
const SEVERE_RECIPIENTS: readonly NotifyRecipient[] = ["principal", "police"];

export class IncidentBook {
  private readonly incidents = new Map<string, Incident>();
  private readonly keys = new Map<string, Set<string>>();
  /** Open incidents per rule and campus, for the join search. */
  private readonly open = new Map<string, Set<string>>();

  constructor(private readonly campuses: ReadonlyMap<string, CampusIndex>, private readonly config: ResolvedConfig,
    private readonly lastSighting: (key: string) => SubjectSighting | undefined) {}

  get(id: string): Incident | undefined {
    const i = this.incidents.get(id);
    return i ? structuredClone(i) : undefined;
  }

  list(f: { campusId?: string | undefined; open?: boolean }): Incident[] {
    const out: Incident[] = [];
    for (const i of this.incidents.values()) {
      if (f.campusId && i.campusId !== f.campusId) continue;
      if (f.open !== undefined && f.open === CLOSED_INCIDENT_STATES.has(i.state)) continue;
      out.push(structuredClone(i));
    }
    return out.sort((a, b) => a.openedSeq - b.openedSeq || (a.id < b.id ? -1 : 1));
  }

  evaluate(e: CampusEvent, fx: Effects): void {
    const campus = this.campuses.get(e.campusId);
    if (!campus) return;
    const ctx = this.context(campus);
    for (const rule of LINKAGE_RULES) {
      if (!rule.kinds.includes(e.kind)) continue;
      const m = rule.match(e, ctx);
      if (!m) continue;
      const target = this.findJoinable(rule, e, m, ctx);
      if (target) this.join(target, rule, e, m, campus, fx);
      else this.openIncident(rule, e, m, campus, fx);
    }
  }

  /** One rule context per loaded campus (a reloaded campus is a new CampusIndex, so a new context). */
  private readonly contexts = new WeakMap<CampusIndex, RuleContext>();

  private context(campus: CampusIndex): RuleContext {
    let ctx = this.contexts.get(campus);
    if (!ctx) {
      const cal = createWorkCalendar(this.config.calendar, campus.timeZone);
      ctx = {
        campus, loiterMs: this.config.loiterMs, sighting: this.lastSighting, localTime: cal.localTime,
        scheduleFor: (id) => this.config.accessSchedules[id] ?? scheduleFromAttrs(campus.device(id)?.attrs ?? {}),
      };
      this.contexts.set(campus, ctx);
    }
    return ctx;
  }

  private findJoinable(rule: LinkageRule, e: CampusEvent, m: RuleMatch, ctx: RuleContext): Incident | null {
    for (const id of this.open.get(`${e.campusId}|${rule.id}`) ?? []) {
      const inc = this.incidents.get(id)!;
      if (e.occurredAt.getTime() - inc.lastEventAt.getTime() > rule.joinWindowMs) continue;
      if (rule.joins({ deviceIds: inc.deviceIds, keys: this.keys.get(id)!, zoneId: inc.zoneId }, e, m, ctx)) return inc;
    }
    return null;
  }

  private openIncident(rule: LinkageRule, e: CampusEvent, m: RuleMatch, campus: CampusIndex, fx: Effects): void {
    const id = `inc-${e.seq}-${rule.id}`;
    const inc: Incident = {
      id, campusId: e.campusId, ruleId: rule.id, kind: rule.incidentKind, severity: m.severity, state: "open", title: m.title,
      location: e.location, zoneId: m.zoneId, deviceIds: e.deviceId ? [e.deviceId] : [], eventSeqs: [e.seq], eventCount: 1,
      openedSeq: e.seq, openedAt: e.receivedAt, lastEventAt: e.occurredAt, updatedAt: e.receivedAt, closedAt: null,
      cameras: this.linkCameras(e, campus), sopId: rule.sopId, steps: sopSteps(rule.sopId, e.receivedAt),
      history: [{ from: null, to: "open", at: e.receivedAt, actor: "system", note: null, seq: e.seq }], notes: [],
    };
    this.incidents.set(id, inc);
    this.keys.set(id, new Set(m.keys));
    const openKey = `${e.campusId}|${rule.id}`;
    if (!this.open.has(openKey)) this.open.set(openKey, new Set());
    this.open.get(openKey)!.add(id);
    fx.incidentEvents.push({ incidentId: id, seq: e.seq, eventId: e.id, kind: e.kind, occurredAt: e.occurredAt });
    this.changed(inc, "opened", e.seq, fx);
    fx.outputs.push(systemEvent(`${K.incidentOpened}:${id}`, e, K.incidentOpened, inc.severity, e.receivedAt,
      { incidentId: id, incident: toJson(inc) }, e.deviceId, inc.location));
    if (inc.severity >= this.config.notifyMinSeverity) {
      for (const recipient of SEVERE_RECIPIENTS) {
        fx.notifications.push({
          id: `${K.incidentOpened}:${id}:${recipient}`, campusId: inc.campusId, recipient, topic: K.incidentOpened,
          severity: inc.severity, title: inc.title, incident: structuredClone(inc), data: {}, createdAt: e.receivedAt.toISOString(),
        });
      }
    }
  }

  private join(inc: Incident, _rule: LinkageRule, e: CampusEvent, m: RuleMatch, campus: CampusIndex, fx: Effects): void {
    for (const k of m.keys) this.keys.get(inc.id)!.add(k);
    if (e.deviceId && !inc.deviceIds.includes(e.deviceId)) {
      inc.deviceIds.push(e.deviceId);
      inc.cameras = mergeCameras(inc.cameras, this.linkCameras(e, campus), this.config.maxLinkedCameras);
    }
    if (inc.eventSeqs.length < MAX_EVENT_SEQS) inc.eventSeqs.push(e.seq);
    inc.eventCount++;
    inc.severity = Math.max(inc.severity, m.severity);
    if (e.occurredAt > inc.lastEventAt) inc.lastEventAt = e.occurredAt;
    inc.updatedAt = e.receivedAt;
    fx.incidentEvents.push({ incidentId: inc.id, seq: e.seq, eventId: e.id, kind: e.kind, occurredAt: e.occurredAt });
    this.changed(inc, "updated", e.seq, fx);
    // One update event per incident per batch is enough for replay; the last one carries it all.
    fx.outputs = fx.outputs.filter((o) => !(o.kind === K.incidentUpdated && o.data?.incidentId === inc.id));
    fx.outputs.push(systemEvent(`${K.incidentUpdated}:${inc.id}:${e.seq}`, e, K.incidentUpdated, inc.severity, e.receivedAt,
      { incidentId: inc.id, incident: toJson(inc) }, e.deviceId, inc.location));
  }

  private linkCameras(e: CampusEvent, campus: CampusIndex) {
    if (!e.location) return [];
    const d = e.deviceId ? campus.device(e.deviceId) : undefined;
    return campus.camerasSeeing({ ...e.location, buildingId: d?.buildingId ?? null }, this.config.maxLinkedCameras);
  }

  private changed(inc: Incident, change: IncidentChange, seq: number, fx: Effects): void {
    fx.incidents.set(inc.id, { incident: structuredClone(inc), change, seq });
  }

  /** Operator commands and timer findings recorded in the log (incident.* kinds). */
  command(e: CampusEvent, fx: Effects): void {
    try {
      this.runCommand(e, fx);
      fx.commandResults.set(e.id, null);
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      fx.commandResults.set(e.id, err);
    }
  }

  private runCommand(e: CampusEvent, fx: Effects): void {
    const id = String(e.data.incidentId ?? "");
    const inc = this.incidents.get(id);
    if (!inc) throw new IncidentNotFoundError(id);
    const actor = String(e.data.actor ?? "system");
    const note = typeof e.data.note === "string" ? e.data.note : null;
    const at = e.occurredAt;
    if (e.kind === K.incidentTransition) {
      const action = e.data.action;
      if (!isIncidentAction(action)) throw new IncidentTransitionError(id, inc.state, String(action));
      const to = nextState(inc.state, action);
      if (!to) throw new IncidentTransitionError(id, inc.state, action);
      this.transition(inc, to, actor, note, e, fx);
    } else if (e.kind === K.incidentNote) {
      inc.notes.push({ at, actor, text: String(e.data.text ?? ""), seq: e.seq });
      inc.updatedAt = at;
      this.changed(inc, "note", e.seq, fx);
    } else if (e.kind === K.incidentStep || e.kind === K.incidentStepOverdue) {
      const stepId = String(e.data.stepId ?? "");
      const step = inc.steps.find((s) => s.id === stepId);
      if (!step) throw new SopStepError(id, stepId, "no such step");
      if (e.kind === K.incidentStepOverdue) {
        if (step.doneAt || step.overdueAt) throw new SopStepError(id, stepId, "not overdue");
        step.overdueAt = at;
        this.changed(inc, "overdue", e.seq, fx);
      } else {
        if (CLOSED_INCIDENT_STATES.has(inc.state)) throw new IncidentTransitionError(id, inc.state, "complete a step");
        if (step.doneAt) throw new SopStepError(id, stepId, "already done");
        Object.assign(step, { doneAt: at, doneBy: actor, note });
        inc.updatedAt = at;
        this.changed(inc, "step", e.seq, fx);
      }
    }
  }

  private transition(inc: Incident, to: IncidentState, actor: string, note: string | null, e: CampusEvent, fx: Effects): void {
    inc.history.push({ from: inc.state, to, at: e.occurredAt, actor, note, seq: e.seq });
    inc.state = to;
    inc.updatedAt = e.occurredAt;
    for (const stepId of stepsCompletedBy(inc.sopId, to)) {
      const step = inc.steps.find((s) => s.id === stepId);
      if (step && !step.doneAt) Object.assign(step, { doneAt: e.occurredAt, doneBy: actor });
    }
    if (CLOSED_INCIDENT_STATES.has(to)) {
      inc.closedAt = e.occurredAt;
      this.open.get(`${inc.campusId}|${inc.ruleId}`)?.delete(inc.id);
    }
    this.changed(inc, "transition", e.seq, fx);
  }

  /** SOP steps past their deadline and not done, not yet reported. */
  overdueSteps(now: Date): Array<{ incident: Incident; stepId: string }> {
    const out: Array<{ incident: Incident; stepId: string }> = [];
    for (const ids of this.open.values()) {
      for (const id of ids) {
        const inc = this.incidents.get(id)!;
        for (const s of inc.steps) if (s.deadlineAt && s.deadlineAt < now && !s.doneAt && !s.overdueAt) out.push({ incident: inc, stepId: s.id });
      }
    }
    return out;
  }
}

function mergeCameras(a: Incident["cameras"], b: Incident["cameras"], limit: number): Incident["cameras"] {
  const best = new Map<string, Incident["cameras"][number]>();
  for (const c of [...a, ...b]) {
    const cur = best.get(c.deviceId);
    if (!cur || c.score > cur.score) best.set(c.deviceId, c);
  }
  return [...best.values()].sort((x, y) => y.score - x.score || x.distanceM - y.distanceM).slice(0, limit).map((c, i) => ({ ...c, rank: i + 1 }));
}
