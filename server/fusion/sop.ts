import type { IncidentState, SopStepState } from "../contracts/incident";

// Standard operating procedures per incident kind: an ordered checklist, each step with
// a deadline counted from the incident's opening. A step may be completed by hand
// (IncidentService.completeStep) or by the state transition it stands for (`completesOn`).

export interface SopStep {
  id: string;
  title: string;
  deadlineMs: number | null;
  completesOn?: readonly IncidentState[];
}

export interface Sop { id: string; title: string; steps: readonly SopStep[] }

const MIN = 60_000;
const dispatch = (ms: number): SopStep => ({ id: "dispatch_guard", title: "派遣最近保安", deadlineMs: ms, completesOn: ["dispatched"] });
const onScene = (ms: number): SopStep => ({ id: "on_scene", title: "保安到场", deadlineMs: ms, completesOn: ["on_scene"] });
const close = (ms: number): SopStep => ({ id: "close", title: "处置完毕或确认误报", deadlineMs: ms, completesOn: ["resolved", "false_alarm"] });
const verify = (ms: number): SopStep => ({ id: "verify_video", title: "调阅联动视频核实", deadlineMs: ms });

export const SOPS: Readonly<Record<string, Sop>> = {
  fence_alarm: { id: "fence_alarm", title: "周界报警处置", steps: [verify(2 * MIN), dispatch(5 * MIN), onScene(10 * MIN), close(30 * MIN)] },
  intrusion: { id: "intrusion", title: "入侵报警处置", steps: [verify(2 * MIN), dispatch(5 * MIN), onScene(10 * MIN), close(30 * MIN)] },
  panic: {
    id: "panic", title: "紧急求助处置",
    steps: [verify(1 * MIN), { id: "call_police", title: "联系110并通报校领导", deadlineMs: 3 * MIN }, dispatch(3 * MIN), onScene(5 * MIN), close(60 * MIN)],
  },
  fire: {
    id: "fire", title: "火警处置",
    steps: [verify(1 * MIN), { id: "call_119", title: "确认火情后拨打119", deadlineMs: 3 * MIN }, dispatch(3 * MIN),
      { id: "evacuate", title: "组织疏散", deadlineMs: 10 * MIN }, onScene(5 * MIN), close(120 * MIN)],
  },
  electric_fire: {
    id: "electric_fire", title: "电气火灾报警处置",
    steps: [{ id: "check_reading", title: "核对剩余电流/温度读数", deadlineMs: 5 * MIN }, dispatch(10 * MIN), onScene(20 * MIN),
      { id: "cut_power", title: "必要时切断回路", deadlineMs: 30 * MIN }, close(120 * MIN)],
  },
  door_forced: { id: "door_forced", title: "强行开门处置", steps: [verify(2 * MIN), dispatch(5 * MIN), onScene(10 * MIN), close(30 * MIN)] },
  door_held_open: { id: "door_held_open", title: "门未关处置", steps: [verify(5 * MIN), dispatch(15 * MIN), close(60 * MIN)] },
  watchlist: {
    id: "watchlist", title: "布控对象处置",
    steps: [verify(2 * MIN), { id: "track_subject", title: "跟踪对象轨迹", deadlineMs: 5 * MIN }, dispatch(5 * MIN), onScene(15 * MIN), close(60 * MIN)],
  },
  crowd_density: {
    id: "crowd_density", title: "人员密度超限处置",
    steps: [verify(2 * MIN), { id: "divert_flow", title: "疏导分流", deadlineMs: 10 * MIN }, close(60 * MIN)],
  },
  loitering: { id: "loitering", title: "徘徊滞留处置", steps: [verify(5 * MIN), dispatch(10 * MIN), close(60 * MIN)] },
  after_hours_access: { id: "after_hours_access", title: "非开放时间通行处置", steps: [verify(5 * MIN), close(60 * MIN)] },
};

export class UnknownSopError extends Error {
  override name = "UnknownSopError";
  constructor(readonly sopId: string) {
    super(`SOP ${sopId} is not defined`);
  }
}

export function sopSteps(sopId: string, openedAt: Date): SopStepState[] {
  const sop = SOPS[sopId];
  if (!sop) throw new UnknownSopError(sopId);
  return sop.steps.map((s) => ({
    id: s.id, title: s.title, deadlineAt: s.deadlineMs === null ? null : new Date(openedAt.getTime() + s.deadlineMs),
    doneAt: null, doneBy: null, note: null, overdueAt: null,
  }));
}

/** Steps a transition into `to` completes. */
export function stepsCompletedBy(sopId: string, to: IncidentState): string[] {
  return (SOPS[sopId]?.steps ?? []).filter((s) => s.completesOn?.includes(to)).map((s) => s.id);
}
