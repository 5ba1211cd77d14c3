import { SEVERITY } from "../../contracts/event";
import type { Signal } from "./payload";

// Contact ID (SIA DC-05) and SIA DC-03 codes → canonical event kinds. The tables are data so
// the README and the tests can read them; `fence*` kinds apply when the signal comes from a
// tension-fence host (the account's device is a `fence_host` or the zone is a `fence_segment`).

export interface KindRule {
  kind: string;
  restoreKind: string;
  fenceKind?: string;
  fenceRestoreKind?: string;
  severity: number;
}

export interface MappedSignal {
  kind: string;
  severity: number;
  restore: boolean;
}

const { info, low, medium, high, critical } = SEVERITY;

const intrusion: KindRule = {
  kind: "alarm.intrusion", restoreKind: "alarm.intrusion_restored",
  fenceKind: "fence.alarm", fenceRestoreKind: "fence.alarm_restored", severity: high,
};
const fault: KindRule = {
  kind: "device.fault", restoreKind: "device.fault_restored",
  fenceKind: "fence.fault", fenceRestoreKind: "fence.fault_restored", severity: medium,
};
const panic: KindRule = { kind: "alarm.panic", restoreKind: "alarm.panic_restored", severity: critical };
const fire: KindRule = { kind: "fire.smoke", restoreKind: "fire.smoke_restored", severity: critical };
const medical: KindRule = { kind: "alarm.medical", restoreKind: "alarm.medical_restored", severity: high };
const tamper: KindRule = { kind: "device.tamper", restoreKind: "device.tamper_restored", severity: medium };
const acLoss: KindRule = { kind: "power.ac_loss", restoreKind: "power.ac_restored", severity: medium };
const battery: KindRule = { kind: "power.battery_low", restoreKind: "power.battery_restored", severity: medium };
const bypass: KindRule = { kind: "zone.bypassed", restoreKind: "zone.unbypassed", severity: low };
const test: KindRule = { kind: "device.test", restoreKind: "device.test", severity: info };
/** Contact ID 4xx: qualifier 1 = opening (disarm), 3 = closing (arm). */
const openClose: KindRule = { kind: "panel.disarmed", restoreKind: "panel.armed", severity: low };
const unclassifiedAlarm: KindRule = { kind: "alarm.unclassified", restoreKind: "alarm.unclassified_restored", severity: high };
const other: KindRule = { kind: "panel.event", restoreKind: "panel.event", severity: low };

/** First matching range wins, so specific codes come before their group. */
export const CID_RULES: ReadonlyArray<{ from: number; to: number; rule: KindRule; note: string }> = [
  { from: 100, to: 109, rule: medical, note: "medical" },
  { from: 110, to: 119, rule: fire, note: "fire (110 fire, 111 smoke, 114 heat …)" },
  { from: 120, to: 129, rule: panic, note: "panic / duress (120 panic, 121 duress, 122 silent, 123 audible)" },
  { from: 137, to: 137, rule: tamper, note: "burglary tamper" },
  { from: 130, to: 139, rule: intrusion, note: "burglary (130 burglary, 131 perimeter, 132 interior …)" },
  { from: 144, to: 145, rule: tamper, note: "sensor / expansion-module tamper" },
  { from: 100, to: 199, rule: unclassifiedAlarm, note: "other alarms" },
  { from: 301, to: 301, rule: acLoss, note: "AC loss" },
  { from: 302, to: 302, rule: battery, note: "low system battery" },
  { from: 309, to: 309, rule: battery, note: "battery test failure" },
  { from: 300, to: 399, rule: fault, note: "troubles (3xx)" },
  { from: 400, to: 409, rule: openClose, note: "open/close by user" },
  { from: 441, to: 442, rule: openClose, note: "armed stay / keyswitch" },
  { from: 570, to: 579, rule: bypass, note: "bypass" },
  { from: 601, to: 603, rule: test, note: "manual / periodic test" },
];

export const SIA_RULES: Readonly<Record<string, { rule: KindRule; restore: boolean }>> = {
  BA: { rule: intrusion, restore: false }, BH: { rule: intrusion, restore: true }, BR: { rule: intrusion, restore: true },
  BT: { rule: fault, restore: false }, BJ: { rule: fault, restore: true },
  BB: { rule: bypass, restore: false }, BU: { rule: bypass, restore: true },
  PA: { rule: panic, restore: false }, PH: { rule: panic, restore: true }, PR: { rule: panic, restore: true },
  HA: { rule: panic, restore: false }, HH: { rule: panic, restore: true }, HR: { rule: panic, restore: true },
  FA: { rule: fire, restore: false }, FH: { rule: fire, restore: true }, FR: { rule: fire, restore: true },
  FT: { rule: fault, restore: false }, FJ: { rule: fault, restore: true },
  MA: { rule: medical, restore: false }, MH: { rule: medical, restore: true }, MR: { rule: medical, restore: true },
  TA: { rule: tamper, restore: false }, TR: { rule: tamper, restore: true },
  AT: { rule: acLoss, restore: false }, AR: { rule: acLoss, restore: true },
  YT: { rule: battery, restore: false }, YR: { rule: battery, restore: true },
  OP: { rule: openClose, restore: false }, OA: { rule: openClose, restore: false }, OG: { rule: openClose, restore: false },
  CL: { rule: openClose, restore: true }, CA: { rule: openClose, restore: true }, CG: { rule: openClose, restore: true },
  RP: { rule: test, restore: false }, RX: { rule: test, restore: false },
  UA: { rule: unclassifiedAlarm, restore: false }, UR: { rule: unclassifiedAlarm, restore: true },
};

/** One signal → its kind and severity; unknown codes become `panel.event` (stored, never dropped). */
export function mapSignal(sig: Signal, fence: boolean): MappedSignal {
  let rule = other;
  let restore = false;
  if (sig.scheme === "cid") {
    const code = Number(sig.code);
    rule = CID_RULES.find((r) => code >= r.from && code <= r.to)?.rule ?? other;
    restore = sig.qualifier === 3;
  } else {
    const hit = SIA_RULES[sig.code];
    if (hit) ({ rule, restore } = hit);
  }
  const kind = restore ? (fence && rule.fenceRestoreKind) || rule.restoreKind : (fence && rule.fenceKind) || rule.kind;
  // Arming changes are records, not alarms; any other restore is information.
  const severity = rule === openClose ? rule.severity : restore ? info : rule.severity;
  return { kind, severity, restore };
}
