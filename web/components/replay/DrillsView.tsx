"use client";

import { useCallback, useEffect, useState } from "react";
import { ZAfterActionReport, ZDrill, type AfterActionReport, type Drill } from "../../../server/contracts/drill";
import { redirectToLogin } from "../../lib/api-errors";
import { trpc } from "../../lib/trpc";
import { useCampusList, useCampusModel } from "../../lib/use-campus";
import { DrillBanner } from "./DrillBanner";
import { DrillReport } from "./DrillReport";
import styles from "./replay.module.css";

// /drills: run a scenario in drill mode, end it, and read its after-action report (with the
// previous run of the same scenario); or the report of any window of real incidents.

const SCENARIOS = ["night-fence-intrusion", "watchlist-vehicle-gate", "dorm-electrical-fire", "dismissal-stair-crowding", "normal-school-day"] as const;

export function DrillsView({ initialDrillId }: { initialDrillId: string | null }) {
  const { list } = useCampusList();
  useEffect(() => { if (list.state === "error" && list.unauthorized) redirectToLogin(); }, [list]);
  const campusId = list.state === "ready" ? list.value[0]?.id ?? null : null;
  const model = useCampusModel(campusId);
  const campus = model?.state === "ready" ? model.value : null;
  const [drills, setDrills] = useState<Drill[]>([]);
  const [scenario, setScenario] = useState<string>(SCENARIOS[0]);
  const [speed, setSpeed] = useState(1);
  const [report, setReport] = useState<{ report: AfterActionReport; csvHref: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    if (!campusId) return;
    trpc().drills.list.query({ campusId }).then((d) => setDrills(ZDrill.array().parse(d))).catch((e: unknown) => setError(String(e)));
  }, [campusId]);
  useEffect(reload, [reload]);

  const open = useCallback(async (drillId: string) => {
    try {
      const r = ZAfterActionReport.parse(await trpc().drills.report.query({ drillId }));
      const csv = await trpc().drills.reportCsv.query({ drillId });
      setReport({ report: r, csvHref: `data:text/csv;charset=utf-8,${encodeURIComponent("\ufeff" + csv)}` });
    } catch (e) {
      setError(String(e));
    }
  }, []);
  useEffect(() => { if (initialDrillId) void open(initialDrillId); }, [initialDrillId, open]);

  const act = (fn: () => Promise<unknown>) => fn().then(reload).catch((e: unknown) => setError(String(e)));
  return (
    <div className={styles.page}>
      <DrillBanner campusId={campusId} />
      <header className={styles.header}>
        <h1>应急演练 · Drills</h1>
        <select value={scenario} onChange={(e) => setScenario(e.target.value)} data-testid="drill-scenario">{SCENARIOS.map((s) => <option key={s}>{s}</option>)}</select>
        <label>倍速 <input type="number" min={1} max={600} value={speed} onChange={(e) => setSpeed(Number(e.target.value))} style={{ width: 60 }} /></label>
        <button type="button" disabled={!campusId} onClick={() => act(() => trpc().drills.start.mutate({ campusId: campusId!, scenario, speed }))}>开始演练</button>
        {error && <span className={styles.error}>{error}</span>}
      </header>
      <table className={styles.list}>
        <thead><tr><th>演练</th><th>场景</th><th>开始</th><th>状态</th><th>事件</th><th /></tr></thead>
        <tbody>
          {drills.map((d) => (
            <tr key={d.id}>
              <td>{d.id}</td><td>{d.title}</td><td>{new Date(d.startedAt).toLocaleString("zh-CN", { hour12: false })}</td><td>{d.state}</td><td>{d.events}</td>
              <td>
                {d.state === "running" && <button type="button" onClick={() => act(() => trpc().drills.end.mutate({ drillId: d.id }))}>结束</button>}
                <button type="button" onClick={() => void open(d.id)}>复盘报告</button>
                <a href={`/replay?campus=${d.campusId}&from=${new Date(d.startedAt).getTime()}&to=${new Date(d.endedAt ?? Date.now()).getTime()}&speed=16`}>回放</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report && <DrillReport report={report.report} campus={campus} csvHref={report.csvHref} />}
    </div>
  );
}
