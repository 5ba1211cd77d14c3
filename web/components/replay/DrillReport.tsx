"use client";

import dynamic from "next/dynamic";
import type { CampusModel } from "../../../server/contracts/campus";
import type { AfterActionReport, ReportIncident } from "../../../server/contracts/drill";
import { isCamera } from "../scene/camera-pose";
import styles from "./report.module.css";

// The after-action report (issue 8 drills; after-event review): per incident the response
// times and SOP verdicts, a timeline chart of the milestones, who did what when, the linked
// camera's virtual view at the key moments, and the comparison with the previous run. Prints
// cleanly (report.module.css @media print) and exports CSV.

const VirtualCameraView = dynamic(() => import("../scene/VirtualCameraView").then((m) => m.VirtualCameraView), { ssr: false });
const fmtS = (s: number | null) => (s === null ? "—" : s >= 60 ? `${Math.floor(s / 60)}分${Math.round(s % 60)}秒` : `${s}秒`);
const fmtT = (d: Date | string) => new Date(d).toLocaleString("zh-CN", { hour12: false });
const MILESTONE_COLOURS = ["#ff3b4e", "#ffb020", "#3fa7ff", "#7c6bff", "#2fd08a"];

function Chart({ report }: { report: AfterActionReport }) {
  const from = new Date(report.from).getTime(), to = Math.max(new Date(report.to).getTime(), from + 1);
  const W = 900, ROW = 26;
  const x = (d: Date | string) => 150 + ((new Date(d).getTime() - from) / (to - from)) * (W - 170);
  return (
    <svg className={styles.chart} viewBox={`0 0 ${W} ${ROW * report.incidents.length + 20}`} data-testid="report-chart">
      {report.incidents.map((i, k) => (
        <g key={i.id} transform={`translate(0 ${k * ROW + 10})`}>
          <text x={0} y={14} fontSize={11} fill="currentColor">{i.title.slice(0, 14)}</text>
          <line x1={x(i.openedAt)} x2={x(i.closedAt ?? report.to)} y1={10} y2={10} stroke="#8a94a6" strokeWidth={2} />
          {i.moments.map((m, j) => <circle key={m.label} cx={x(m.at)} cy={10} r={5} fill={MILESTONE_COLOURS[j % 5]}><title>{`${m.label} ${fmtT(m.at)}`}</title></circle>)}
        </g>
      ))}
    </svg>
  );
}

function Moments({ incident, campus }: { incident: ReportIncident; campus: CampusModel | null }) {
  const cam = campus?.devices.find((d) => d.id === incident.moments[0]?.cameraId);
  return (
    <div className={styles.moments}>
      {incident.moments.map((m) => (
        <figure key={m.label} className={styles.moment}>
          {cam && isCamera(cam) && campus
            ? <VirtualCameraView campus={campus} pose={{ eastM: cam.position[0], northM: cam.position[1], upM: cam.position[2] }} optics={cam.optics} widthPx={200} />
            : <div className={styles.noCamera}>无联动摄像机</div>}
          <figcaption>{m.label} · {fmtT(m.at)}{cam ? ` · ${cam.name}` : ""}</figcaption>
        </figure>
      ))}
    </div>
  );
}

export function DrillReport({ report, campus, csvHref }: { report: AfterActionReport; campus: CampusModel | null; csvHref: string | null }) {
  const prev = report.previous;
  const row = (label: string, key: keyof AfterActionReport["summary"]) => (
    <tr key={key}><th>{label}</th><td>{String(report.summary[key] ?? "—")}</td><td>{prev ? String(prev.summary[key] ?? "—") : "—"}</td></tr>
  );
  return (
    <article className={styles.report} data-testid="drill-report">
      <header>
        <h1>{report.title}</h1>
        <p>{fmtT(report.from)} – {fmtT(report.to)} · 生成于 {fmtT(report.generatedAt)}{report.drillId ? ` · 演练 ${report.drillId}` : ""}</p>
        <div className={styles.noPrint}>
          <button type="button" onClick={() => window.print()}>打印</button>
          {csvHref && <a href={csvHref} download="after-action-report.csv">导出 CSV</a>}
        </div>
      </header>
      <h2>汇总与上次对比</h2>
      <table className={styles.table}>
        <thead><tr><th /><th>本次</th><th>上次{prev ? `（${fmtT(prev.startedAt)}）` : ""}</th></tr></thead>
        <tbody>
          {row("事件数", "incidents")}{row("平均确认用时 (秒)", "meanAcknowledgeS")}{row("平均派遣用时 (秒)", "meanDispatchS")}
          {row("平均到场用时 (秒)", "meanArriveS")}{row("平均处置用时 (秒)", "meanResolveS")}{row("超时步骤", "lateSteps")}{row("遗漏步骤", "skippedSteps")}
        </tbody>
      </table>
      <h2>时间线</h2>
      <Chart report={report} />
      <h2>逐事件</h2>
      {report.incidents.map((i) => (
        <section key={i.id} className={styles.incident}>
          <h3>{i.drill ? "【演练】" : ""}{i.title} <small>{i.id} · {i.state}</small></h3>
          <p>确认 {fmtS(i.times.acknowledgeS)} · 派遣 {fmtS(i.times.dispatchS)} · 到场 {fmtS(i.times.arriveS)} · 处置 {fmtS(i.times.resolveS)}</p>
          <ul>{i.steps.map((s) => <li key={s.id} className={styles[s.verdict]}>{s.title}：{{ on_time: "按时", late: "超时", skipped: "遗漏", open: "未完成" }[s.verdict]}{s.doneBy ? `（${s.doneBy} ${fmtT(s.doneAt!)}）` : ""}</li>)}</ul>
          <Moments incident={i} campus={campus} />
        </section>
      ))}
      <h2>人员操作记录</h2>
      <table className={styles.table}>
        <thead><tr><th>时间</th><th>人员</th><th>操作</th><th>对象</th><th>备注</th></tr></thead>
        <tbody>{report.actions.map((a, k) => <tr key={k}><td>{fmtT(a.at)}</td><td>{a.actor}</td><td>{a.action}</td><td>{a.target ?? ""}</td><td>{a.note ?? ""}</td></tr>)}</tbody>
      </table>
    </article>
  );
}
