import { useCallback, useEffect, useState } from "react";
import type { CameraChange, CoveragePlan } from "../../../server/contracts/coverage";
import type { Locale, Messages } from "../../lib/i18n";
import { trpc } from "../../lib/trpc";
import { PLANNER_OPTIONS } from "./use-planner";
import styles from "./planner.module.css";

// Drafts: save the plan's changes under a name (never touching the registry), reopen a saved
// draft, apply one to the registry (admin, audited on the server), open its printable report.

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function PlanPanel({ t, locale, campusId, changes, onLoad }: {
  t: Messages; locale: Locale; campusId: string; changes: CameraChange[]; onLoad: (plan: CoveragePlan | null) => void;
}) {
  const p = t.planner;
  const [plan, setPlan] = useState<CoveragePlan | null>(null);
  const [name, setName] = useState("");
  const [author, setAuthor] = useState("planner");
  const [plans, setPlans] = useState<CoveragePlan[]>([]);
  const [admin, setAdmin] = useState("");
  const [purpose, setPurpose] = useState("");
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(() => {
    trpc().coverage.plans.list.query({ campusId, includeClosed: true }).then(setPlans, (e: unknown) => setMessage(errText(e)));
  }, [campusId]);
  useEffect(refresh, [refresh]);

  const save = async (): Promise<void> => {
    try {
      const saved = await trpc().coverage.plans.save.mutate({
        campusId, name: name.trim() || `${p.draft} ${new Date().toLocaleString(locale)}`, author, changes, options: PLANNER_OPTIONS,
        ...(plan?.status === "draft" ? { id: plan.id } : {}),
      });
      setPlan(saved);
      setName(saved.name);
      setMessage(`${p.saved}: ${saved.name} (${saved.changes.length} ${p.changes})`);
      refresh();
    } catch (e) { setMessage(errText(e)); }
  };
  const apply = async (): Promise<void> => {
    if (!plan) return;
    try {
      const r = await trpc().coverage.plans.applyPlan.mutate({ planId: plan.id, userId: admin, purpose });
      setPlan(r.plan);
      setMessage(`${p.applied}: +${r.added} ~${r.updated} −${r.removed}`);
      refresh();
    } catch (e) { setMessage(errText(e)); }
  };
  const pick = (id: string): void => {
    const chosen = plans.find((x) => x.id === id) ?? null;
    setPlan(chosen);
    setName(chosen?.name ?? "");
    onLoad(chosen);
  };

  return (
    <div className={styles.plan}>
      <label className={styles.field}>
        <span>{p.plans}</span>
        <select value={plan?.id ?? ""} onChange={(e) => pick(e.target.value)} data-testid="plan-select">
          <option value="">{p.newPlan}</option>
          {plans.map((x) => <option key={x.id} value={x.id}>{x.name} · {p.statusKind[x.status]}</option>)}
        </select>
      </label>
      <label className={styles.field}><span>{p.draftName}</span><input value={name} onChange={(e) => setName(e.target.value)} data-testid="plan-name" /></label>
      <label className={styles.field}><span>{p.author}</span><input value={author} onChange={(e) => setAuthor(e.target.value)} /></label>
      <div className={styles.row}>
        <span className={styles.dim}>{changes.length} {p.changes}</span>
        <button type="button" className={styles.button} onClick={() => void save()} data-testid="save-plan">{p.save}</button>
        {plan && <a className={styles.link} href={`/planner/report/${encodeURIComponent(plan.id)}?lang=${locale}`} target="_blank" rel="noreferrer" data-testid="report-link">{p.report}</a>}
      </div>
      {plan?.status === "draft" && (
        <div className={styles.apply}>
          <input placeholder={p.applyAdmin} value={admin} onChange={(e) => setAdmin(e.target.value)} />
          <input placeholder={p.purpose} value={purpose} onChange={(e) => setPurpose(e.target.value)} />
          <button type="button" className={styles.danger} disabled={!admin || !purpose} onClick={() => void apply()}>{p.apply}</button>
        </div>
      )}
      {message && <p className={styles.message} data-testid="plan-message" data-plan-id={plan?.id ?? ""}>{message}</p>}
    </div>
  );
}
