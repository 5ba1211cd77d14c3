import type { Metadata } from "next";
import { CityView } from "../../components/city/CityView";
import { cityMessagesFor } from "../../components/city/city-messages";
import { DEFAULT_LOCALE, isLocale } from "../../lib/i18n";

export const metadata: Metadata = { title: `${cityMessagesFor(DEFAULT_LOCALE).view} · CampusTwin` };

// /city?campus=<id>&lang=en — the district/city globe of every campus in the user's scope.
export default async function CityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const campus = typeof params.campus === "string" ? params.campus : null;
  const lang = typeof params.lang === "string" ? params.lang : null;
  return <CityView initialCampusId={campus} locale={isLocale(lang) ? lang : DEFAULT_LOCALE} />;
}
