import type { Metadata } from "next";
import { CommandView } from "../../components/command/CommandView";
import { DEFAULT_LOCALE, isLocale, messagesFor } from "../../lib/i18n";

export const metadata: Metadata = { title: `${messagesFor().commandView} · CampusTwin` };

// /command?campus=<id>&lang=en — the campus defaults to the first one of the deployment.
export default async function CommandPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const campus = typeof params.campus === "string" ? params.campus : null;
  const lang = typeof params.lang === "string" ? params.lang : null;
  return <CommandView initialCampusId={campus} locale={isLocale(lang) ? lang : DEFAULT_LOCALE} />;
}
