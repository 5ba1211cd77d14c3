import type { Metadata } from "next";
import { MapView } from "../../components/map/MapView";
import { DEFAULT_LOCALE, isLocale } from "../../lib/i18n";
import { mapMessagesFor } from "../../components/map/map-messages";

export const metadata: Metadata = { title: `${mapMessagesFor(DEFAULT_LOCALE).view} · CampusTwin` };

// /map?campus=<id>&lang=en — the 2D electronic map of fences, devices and alarms.
export default async function MapPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const campus = typeof params.campus === "string" ? params.campus : null;
  const lang = typeof params.lang === "string" ? params.lang : null;
  return <MapView initialCampusId={campus} locale={isLocale(lang) ? lang : DEFAULT_LOCALE} />;
}
