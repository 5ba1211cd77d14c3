import type { Metadata } from "next";
import { PlannerView } from "../../components/planner/PlannerView";
import { DEFAULT_LOCALE, isLocale, messagesFor } from "../../lib/i18n";

export const metadata: Metadata = { title: `${messagesFor().planner.title} · CampusTwin` };

// /planner?campus=<id>&lang=en — coverage planning on the live twin (issue 7).
export default async function PlannerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const campus = typeof params.campus === "string" ? params.campus : null;
  const lang = typeof params.lang === "string" ? params.lang : null;
  return <PlannerView initialCampusId={campus} locale={isLocale(lang) ? lang : DEFAULT_LOCALE} />;
}
