import type { PlanReport } from "../contracts/coverage";

// CSV export of a plan report (RFC 4180: CRLF rows, fields with a quote, comma or line break
// quoted and their quotes doubled). A UTF-8 byte-order mark up front makes Excel read the
// Chinese names as UTF-8 instead of the system code page.

export const UTF8_BOM = "\uFEFF";

export type CsvCell = string | number | boolean | null;

export function csvField(value: CsvCell): string {
  if (value === null) return "";
  const s = typeof value === "number" ? (Number.isInteger(value) ? String(value) : value.toFixed(3)) : String(value);
  // A leading =, +, - or @ would run as a spreadsheet formula: prefix a quote (OWASP CSV injection).
  const safe = /^[=+\-@]/.test(s) && typeof value === "string" ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRows(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n");
}

/** Three sections (compliance, cameras, new cameras by model) separated by a blank row. */
export function planReportCsv(report: PlanReport): string {
  const compliance: CsvCell[][] = [
    ["section", "zone", "zone_kind", "required_class", "scope", "share_at_class_pct", "area_m2", "pass", "rule", "rule_text", "blind_spots"],
    ...report.zones.map((z) => ["compliance", z.zoneName, z.zoneKind, z.requiredClass, z.scope, Number((z.share * 100).toFixed(1)),
      Number(z.evaluatedAreaM2.toFixed(1)), z.pass ? "PASS" : "FAIL", z.citation, z.ruleText, z.blindSpotCount]),
  ];
  const cameras: CsvCell[][] = [
    ["section", "camera_id", "name", "model", "change", "east_m", "north_m", "height_m", "yaw_deg", "pitch_deg", "hfov_deg", "resolution"],
    ...report.cameras.map((c) => ["camera", c.id, c.name, c.model, c.change, c.position[0], c.position[1], c.position[2],
      c.yawDeg, c.pitchDeg, c.hfovDeg, c.resolution]),
  ];
  const models: CsvCell[][] = [["section", "model", "new_cameras"], ...report.newCamerasByModel.map((m) => ["new_by_model", m.model, m.count])];
  const head: CsvCell[][] = [["plan", report.plan.name], ["campus", report.campusName], ["status", report.plan.status], ["generated_at", report.generatedAt]];
  return UTF8_BOM + [head, compliance, cameras, models].map(csvRows).join("\r\n\r\n") + "\r\n";
}
