import type { Metadata } from "next";
import { BenchStage } from "../../../components/scene/bench/BenchStage";

export const metadata: Metadata = { title: "Render benchmark · CampusTwin" };

// /command/bench?mode=instanced|naive&frustums=1000&agents=50000 — synthetic data only (no campus,
// no login): the stress scene of `npm run bench:render`.
export default async function BenchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const p = await searchParams;
  const num = (k: string, d: number) => {
    const v = Number(typeof p[k] === "string" ? p[k] : d);
    return Number.isFinite(v) && v >= 0 && v <= 200_000 ? Math.floor(v) : d;
  };
  return <BenchStage mode={p.mode === "naive" ? "naive" : "instanced"} frustums={num("frustums", 1000)} agents={num("agents", 50_000)} />;
}
