import type { IncidentState } from "../contracts/incident";

// Incident state machine: open → acknowledged → dispatched → on_scene → resolved |
// false_alarm. An incident can be closed as resolved or false alarm once someone has taken it
// (acknowledged or later): a duty guard who verifies on video that a fence alarm was a bird
// closes it without dispatching. Closed incidents accept notes only.

export const INCIDENT_ACTIONS = ["acknowledge", "dispatch", "on_scene", "resolve", "false_alarm"] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

export const TRANSITIONS: Readonly<Record<IncidentAction, { from: readonly IncidentState[]; to: IncidentState }>> = {
  acknowledge: { from: ["open"], to: "acknowledged" },
  dispatch: { from: ["acknowledged"], to: "dispatched" },
  on_scene: { from: ["dispatched"], to: "on_scene" },
  resolve: { from: ["acknowledged", "dispatched", "on_scene"], to: "resolved" },
  false_alarm: { from: ["acknowledged", "dispatched", "on_scene"], to: "false_alarm" },
};

export function isIncidentAction(x: unknown): x is IncidentAction {
  return typeof x === "string" && (INCIDENT_ACTIONS as readonly string[]).includes(x);
}

/** The state an action leads to from `from`, or null when the machine refuses it. */
export function nextState(from: IncidentState, action: IncidentAction): IncidentState | null {
  const t = TRANSITIONS[action];
  return t.from.includes(from) ? t.to : null;
}
