"use client";

import dynamic from "next/dynamic";
import { useEffect, useMemo, useState } from "react";
import { ZArchiveHit, ZArchiveRecord, type ArchiveHit, type ArchiveRecord, type ArchiveSearch } from "../../../server/contracts/trajectory";
import { redirectToLogin } from "../../lib/api-errors";
import { createStore } from "../../lib/store";
import { trpc } from "../../lib/trpc";
import { useCampusList, useCampusModel } from "../../lib/use-campus";
import type { PlayerState } from "../replay/replay-player";
import { Trails } from "../replay/Trails";
import styles from "../replay/replay.module.css";

// /archive: person and vehicle archives (人车档案, R-4.2). Search by plate (exact or partial),
// card, person, zone and time window, or co-occurrence; open a subject's page: identity as far
// as the role may see, sightings, trajectory on the twin, related incidents. Every search and
// page states a purpose; pictures are fetched one by one, each with that purpose.

const CampusScene = dynamic(() => import("../scene/CampusScene"), { ssr: false });
/** The archive's twin shows the whole trajectory: a player store whose playhead is the end of time. */
const ALL_TIME = createStore<PlayerState>({ playheadMs: Number.MAX_SAFE_INTEGER, playing: false, speed: 1, seq: 0, seeking: false, drills: [], error: null });
const BY: ArchiveSearch["by"][] = ["plate", "plate_partial", "card", "person", "zone", "cooccurrence"];
const BY_LABEL: Record<ArchiveSearch["by"], string> = { plate: "车牌", plate_partial: "车牌（模糊）", card: "卡号", person: "人员编号", zone: "区域+时段", cooccurrence: "同行分析" };

export function ArchiveView() {
  const { list } = useCampusList();
  useEffect(() => { if (list.state === "error" && list.unauthorized) redirectToLogin(); }, [list]);
  const campusId = list.state === "ready" ? list.value[0]?.id ?? null : null;
  const model = useCampusModel(campusId);
  const campus = model?.state === "ready" ? model.value : null;
  const [by, setBy] = useState<ArchiveSearch["by"]>("plate");
  const [value, setValue] = useState("");
  const [zoneId, setZoneId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [purpose, setPurpose] = useState("");
  const [hits, setHits] = useState<ArchiveHit[]>([]);
  const [record, setRecord] = useState<ArchiveRecord | null>(null);
  const [image, setImage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timeWindow = useMemo(() => ({ ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) }), [from, to]);

  const search = async () => {
    if (!campusId) return;
    try {
      setError(null);
      const r = await trpc().archive.search.query({ campusId, by, value, purpose, ...(zoneId ? { zoneId } : {}), ...timeWindow, ...(by === "cooccurrence" ? { subjectType: "vehicle" as const } : {}) });
      setHits(ZArchiveHit.array().parse(r));
    } catch (e) { setError(String(e)); }
  };
  const openRecord = async (subjectKey: string) => {
    if (!campusId) return;
    try {
      setRecord(ZArchiveRecord.parse(await trpc().archive.get.query({ campusId, subjectKey, purpose, ...timeWindow })));
      setImage(null);
    } catch (e) { setError(String(e)); }
  };
  const showImage = async (sha256: string) => {
    if (!campusId) return;
    // the picture leaves the server only after this purpose is recorded with the request.
    const stated = prompt("查看图片的事由（将记入审计）", purpose);
    if (!stated) return;
    try {
      const img = await trpc().events.image.query({ campusId, sha256, purpose: stated });
      setImage(`data:${img.mime};base64,${img.base64}`);
    } catch (e) { setError(String(e)); }
  };

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1>人车档案 · Archive</h1>
        <select value={by} onChange={(e) => setBy(e.target.value as ArchiveSearch["by"])}>{BY.map((b) => <option key={b} value={b}>{BY_LABEL[b]}</option>)}</select>
        <input placeholder={by === "cooccurrence" ? "person:… 锚点对象" : "车牌/卡号/编号"} value={value} onChange={(e) => setValue(e.target.value)} />
        {by === "zone" && <select value={zoneId} onChange={(e) => setZoneId(e.target.value)}><option value="">区域…</option>{campus?.zones.map((z) => <option key={z.id} value={z.id}>{z.name}</option>)}</select>}
        <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        <input placeholder="查询事由（必填，记入审计）" value={purpose} onChange={(e) => setPurpose(e.target.value)} style={{ minWidth: 220 }} />
        <button type="button" disabled={purpose.trim().length < 4} onClick={() => void search()}>查询</button>
        {error && <span className={styles.error}>{error}</span>}
      </header>
      <table className={styles.list}>
        <thead><tr><th>对象</th><th>类型</th><th>次数</th><th>首次</th><th>末次</th><th /></tr></thead>
        <tbody>{hits.map((h) => (
          <tr key={h.subjectKey}><td>{h.label}</td><td>{h.type}</td><td>{h.sightings}</td>
            <td>{new Date(h.firstAt).toLocaleString("zh-CN", { hour12: false })}</td><td>{new Date(h.lastAt).toLocaleString("zh-CN", { hour12: false })}</td>
            <td><button type="button" onClick={() => void openRecord(h.subjectKey)}>档案</button></td></tr>
        ))}</tbody>
      </table>
      {record && (
        <section style={{ display: "grid", gridTemplateColumns: "360px 1fr", gap: 12, padding: "0 14px 14px" }}>
          <div>
            <h2>{record.identity.label} {record.identity.watchlist ? "⚠ 布控" : ""}</h2>
            <p>{[record.identity.role, record.identity.dept, record.identity.cardNo, record.identity.plate].filter(Boolean).join(" · ")}{record.identity.full ? "" : "（部分信息按角色隐藏）"}</p>
            <h3>相关事件</h3>
            <ul>{record.incidents.map((i) => <li key={i.id}>{i.title} · {i.state}</li>)}</ul>
            <h3>出现记录（{record.trajectory.sightings.length}）· 不可能移动 {record.trajectory.implausibleLegs} 段</h3>
            <ol style={{ maxHeight: 240, overflow: "auto" }}>{record.trajectory.sightings.map((s) => <li key={s.seq}>{new Date(s.at).toLocaleString("zh-CN", { hour12: false })} · {s.kind} · {s.deviceId}{s.drill ? " · 演练" : ""}</li>)}</ol>
            {record.images.length > 0 && <><h3>抓拍图片</h3>{record.images.slice(0, 20).map((i) => <button key={`${i.seq}-${i.sha256}`} type="button" onClick={() => void showImage(i.sha256)}>{new Date(i.at).toLocaleTimeString("zh-CN", { hour12: false })}</button>)}</>}
            {image && <img src={image} alt="抓拍" style={{ maxWidth: "100%" }} />}
          </div>
          <div style={{ height: 520, position: "relative" }}>
            {campus && <CampusScene campus={campus} onReady={() => undefined}><Trails trajectories={[record.trajectory]} player={ALL_TIME} /></CampusScene>}
          </div>
        </section>
      )}
    </div>
  );
}
