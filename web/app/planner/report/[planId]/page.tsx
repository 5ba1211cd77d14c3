import type { Metadata } from "next";
import { PlanReportView } from "../../../../components/planner/PlanReportView";
import { DEFAULT_LOCALE, isLocale, messagesFor } from "../../../../lib/i18n";

export const metadata: Metadata = { title: `${messagesFor().planner.reportTitle} · CampusTwin` };

// /planner/report/<planId>?lang=en — the printable report of one coverage plan.
export default async function PlanReportPage({ params, searchParams }: {
  params: Promise<{ planId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { planId } = await params;
  const lang = (await searchParams).lang;
  return <PlanReportView planId={decodeURIComponent(planId)} locale={typeof lang === "string" && isLocale(lang) ? lang : DEFAULT_LOCALE} />;
}
