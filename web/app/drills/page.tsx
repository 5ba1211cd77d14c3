import type { Metadata } from "next";
import { DrillsView } from "../../components/replay/DrillsView";

export const metadata: Metadata = { title: "应急演练 · CampusTwin" };

// /drills?drill=<id> opens that drill's after-action report.
export default async function DrillsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const p = await searchParams;
  return <DrillsView initialDrillId={typeof p.drill === "string" ? p.drill : null} />;
}
