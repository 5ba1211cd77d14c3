"use client";

import { useEffect, useState } from "react";
import type { PlanReport } from "../../../server/contracts/coverage";
import { messagesFor, type Locale } from "../../lib/i18n";
import { trpc } from "../../lib/trpc";
import styles from "./report.module.css";

// A plan's report, laid out for A4 paper (report.module.css @media print): compliance table,
// blind-spot map (SVG made by the server from the blind-spot contours), new cameras by model and
// the camera list. "Export CSV" downloads the server's CSV (UTF-8 with BOM for Excel).

export function PlanReportView({ planId, locale }: { planId: string; locale: Locale }) {
  const t = messagesFor(locale), p = t.planner;
  const [report, setReport] = useState<PlanReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    trpc().coverage.report.query({ planId }).then(setReport, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [planId]);
  const exportCsv = async (): Promise<void> => {
    const csv = await trpc().coverage.reportCsv.query({ planId });
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: `coverage-plan-${planId}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  };
  if (error) return <div className={styles.page} role="alert">{t.loadFailed}: {error}</div>;
  if (!report) return <div className={styles.page} aria-busy="true">{t.loading}</div>;
  const time = (iso: string): string => new Date(iso).toLocaleString(locale);
  return (
    <div className={styles.page} data-testid="plan-report">
      <header className={styles.head}>
        <div>
          <h1>{p.reportTitle}: {report.plan.name}</h1>
          <p>{report.campusName} · {p.author} {report.plan.author} · {p.status} {p.statusKind[report.plan.status]} · {p.generatedAt} {time(report.generatedAt)}</p>
        </div>
        <div className={styles.actions}>
          <button type="button" onClick={() => void exportCsv()} data-testid="export-csv">{p.exportCsv}</button>
          <button type="button" onClick={() => window.print()}>{p.print}</button>
        </div>
      </header>
      <h2>{p.compliance}</h2>
      <table className={styles.table}>
        <thead><tr><th>{p.zone}</th><th>{p.required}</th><th>{p.share}</th><th>{p.result}</th><th>{p.rule}</th></tr></thead>
        <tbody>
          {report.zones.map((z) => (
            <tr key={z.zoneId}>
              <td>{z.zoneName}</td><td>{p.doriShort[z.requiredClass]}</td><td className={styles.num}>{(z.share * 100).toFixed(1)}%</td>
              <td className={z.pass ? styles.pass : styles.fail}>{z.pass ? p.pass : p.fail}</td><td>{z.citation} · {z.ruleText}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{p.blindSpotMap}</h2>
      {/* Server-built SVG: every text node in it is escaped (server/coverage/report.ts). */}
      <div className={styles.map} dangerouslySetInnerHTML={{ __html: report.blindSpotSvg }} />
      <h2>{p.newByModel}</h2>
      <table className={styles.table}>
        <thead><tr><th>{p.model}</th><th>{p.count}</th></tr></thead>
        <tbody>{report.newCamerasByModel.map((m) => <tr key={m.model}><td>{m.model}</td><td className={styles.num}>{m.count}</td></tr>)}</tbody>
      </table>
      <h2>{p.cameraList}</h2>
      <table className={styles.table}>
        <thead><tr><th>ID</th><th>{p.camera}</th><th>{p.model}</th><th>{p.change}</th><th>E/N/H (m)</th><th>{p.yaw}/{p.pitch}</th><th>HFOV</th></tr></thead>
        <tbody>
          {report.cameras.filter((c) => c.change !== "unchanged").concat(report.cameras.filter((c) => c.change === "unchanged")).map((c) => (
            <tr key={c.id} className={c.change === "unchanged" ? styles.quiet : ""}>
              <td>{c.id}</td><td>{c.name}</td><td>{c.model ?? "—"}</td><td>{p.changeKind[c.change]}</td>
              <td className={styles.num}>{c.position.map((v) => v.toFixed(1)).join(" / ")}</td>
              <td className={styles.num}>{c.yawDeg.toFixed(0)}° / {c.pitchDeg.toFixed(0)}°</td><td className={styles.num}>{c.hfovDeg.toFixed(0)}°</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
