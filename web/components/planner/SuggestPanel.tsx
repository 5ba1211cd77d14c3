import { useState } from "react";
import type { CameraChange, Suggestion } from "../../../server/contracts/coverage";
import type { Messages } from "../../lib/i18n";
import styles from "./planner.module.css";

// Greedy suggestions (server/coverage/suggest.ts, run in the Web Worker): the planner accepts
// or rejects each; an accepted one becomes an "add" of the plan with a fresh id.

export function SuggestPanel({ t, suggest, onAccept }: {
  t: Messages;
  suggest: (count: number) => Promise<Suggestion[]>;
  onAccept: (c: CameraChange) => void;
}) {
  const p = t.planner;
  const [count, setCount] = useState(3);
  const [busy, setBusy] = useState(false);
  const [items, setItems] = useState<Suggestion[] | null>(null);
  const run = async (): Promise<void> => {
    setBusy(true);
    try { setItems(await suggest(count)); } finally { setBusy(false); }
  };
  const drop = (s: Suggestion): void => setItems((xs) => xs?.filter((x) => x !== s) ?? null);
  return (
    <div className={styles.suggest}>
      <div className={styles.row}>
        <label className={styles.inline}>{p.suggestCount}
          <input type="number" min={1} max={10} value={count} onChange={(e) => setCount(Math.max(1, Math.min(10, Number(e.target.value) || 1)))} />
        </label>
        <button type="button" className={styles.button} disabled={busy} onClick={() => void run()} data-testid="suggest">{busy ? p.suggesting : p.suggest}</button>
      </div>
      {items?.length === 0 && <p className={styles.hint}>{p.noSuggestion}</p>}
      {items?.map((s) => (
        <div key={s.camera.id} className={styles.suggestion} data-testid="suggestion">
          <span>{s.camera.model} · {s.mount} · {p.gain} {s.gainM2.toFixed(0)} m²</span>
          <button type="button" className={styles.button} onClick={() => {
            const id = `plan-cam-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
            onAccept({ op: "add", camera: { ...s.camera, id } });
            drop(s);
          }}>{p.accept}</button>
          <button type="button" className={styles.ghost} onClick={() => drop(s)}>{p.reject}</button>
        </div>
      ))}
    </div>
  );
}
