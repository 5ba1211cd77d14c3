"use client";

import type { CampusSummary } from "../../../server/contracts/campus";
import type { Locale, Messages } from "../../lib/i18n";
import { ConnectionBadge } from "../panels/ConnectionBadge";
import { CampusClock } from "./CampusClock";
import styles from "./command.module.css";

export function CommandHeader({ t, campuses, selected, onSelect, locale, live }: {
  t: Messages;
  campuses: readonly CampusSummary[];
  selected: CampusSummary | null;
  onSelect: (campusId: string) => void;
  locale: Locale;
  /** Inside a live campus view (the connection badge needs its store). */
  live: boolean;
}) {
  const other: Locale = locale === "en" ? "zh-CN" : "en";
  const switchLanguage = () => {
    const url = new URL(window.location.href);
    url.searchParams.set("lang", other);
    window.location.assign(url.toString());
  };
  return (
    <header className={styles.header}>
      <div className={styles.brand}>
        <span className={styles.logo} aria-hidden>◆</span>
        <span>CampusTwin</span>
        <span className={styles.divider} aria-hidden>/</span>
        <span className={styles.view}>{t.commandView}</span>
      </div>
      <h1 className={styles.campusName} data-testid="campus-name">{selected?.name ?? ""}</h1>
      {campuses.length > 1 && (
        <label className={styles.selector}>
          <span>{t.campus}</span>
          <select value={selected?.id ?? ""} onChange={(e) => onSelect(e.target.value)} data-testid="campus-select">
            {campuses.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
      )}
      <div className={styles.headerRight}>
        {live && <ConnectionBadge />}
        {selected && <span className={styles.source}>{selected.source === "osm" ? t.sourceOsm : t.sourceGenerated}</span>}
        {selected && <CampusClock timeZone={selected.timeZone} />}
        <button type="button" className={styles.lang} onClick={switchLanguage} data-testid="lang-switch" lang={other}>{t.planner.language}</button>
      </div>
    </header>
  );
}
