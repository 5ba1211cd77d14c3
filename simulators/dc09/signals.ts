// What a simulated panel or fence host can report, in both payload formats it can speak:
// Contact ID (code + qualifier) and SIA DC-03 (two-letter code). Matches the receiver's
// event-kind map (server/ingest/dc09/event-map.ts) without importing it: the simulator
// speaks the protocol, it does not know our kinds.

export interface PanelSignal {
  /** Contact ID event code, 3 digits. */
  cid: string;
  /** 1 new event / opening, 3 restore / closing, 6 previous. */
  qualifier: 1 | 3 | 6;
  /** SIA DC-03 code for the same event. */
  sia: string;
  partition?: number;
  /** Zone (or user for open/close). */
  zone?: number;
}

export const SIGNALS = {
  intrusion: { cid: "130", qualifier: 1, sia: "BA" },
  intrusionRestore: { cid: "130", qualifier: 3, sia: "BH" },
  panic: { cid: "120", qualifier: 1, sia: "PA" },
  duress: { cid: "121", qualifier: 1, sia: "HA" },
  fire: { cid: "110", qualifier: 1, sia: "FA" },
  tamper: { cid: "144", qualifier: 1, sia: "TA" },
  tamperRestore: { cid: "144", qualifier: 3, sia: "TR" },
  acLoss: { cid: "301", qualifier: 1, sia: "AT" },
  acRestore: { cid: "301", qualifier: 3, sia: "AR" },
  fault: { cid: "380", qualifier: 1, sia: "BT" },
  faultRestore: { cid: "380", qualifier: 3, sia: "BJ" },
  disarm: { cid: "401", qualifier: 1, sia: "OP" },
  arm: { cid: "401", qualifier: 3, sia: "CL" },
  test: { cid: "602", qualifier: 1, sia: "RP" },
} as const satisfies Record<string, PanelSignal>;

export type SignalName = keyof typeof SIGNALS;

export function cidData(account: string, s: PanelSignal): string {
  const pp = String(s.partition ?? 1).padStart(2, "0");
  const zzz = String(s.zone ?? 0).padStart(3, "0");
  return `#${account}|${s.qualifier}${s.cid} ${pp} ${zzz}`;
}

export function siaData(account: string, s: PanelSignal): string {
  const zone = s.zone === undefined ? "" : String(s.zone).padStart(2, "0");
  return `#${account}|Nri${s.partition ?? 1}/${s.sia}${zone}`;
}
