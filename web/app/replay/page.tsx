import type { Metadata } from "next";
import { ReplayView, type ReplayParams } from "../../components/replay/ReplayView";

export const metadata: Metadata = { title: "历史回放 · CampusTwin" };

const HOUR_MS = 3_600_000;

function timeParam(v: string | string[] | undefined): number | null {
  if (typeof v !== "string") return null;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}

// /replay?campus=<id>&from=<iso|ms>&to=<iso|ms>&speed=60&subjects=person:P1,vehicle:沪A…  or ?link=<id>
export default async function ReplayPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const p = await searchParams;
  const toMs = timeParam(p.to) ?? Date.now();
  const fromMs = timeParam(p.from) ?? toMs - HOUR_MS;
  const initial: ReplayParams = {
    campusId: typeof p.campus === "string" ? p.campus : null, fromMs, toMs: Math.max(toMs, fromMs + 60_000),
    speed: Number(p.speed) || 60, subjects: typeof p.subjects === "string" ? p.subjects.split(",").filter(Boolean).slice(0, 6) : [],
    linkId: typeof p.link === "string" ? p.link : null,
  };
  return <ReplayView initial={initial} />;
}
