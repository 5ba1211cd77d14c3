import type { Metadata } from "next";
import { WallView } from "../../components/wall/WallView";
import { DEFAULT_LOCALE, isLocale } from "../../lib/i18n";
import { parseWallConfig } from "../../lib/wall-layout";

export const metadata: Metadata = { title: "一屏统览 · CampusTwin" };

// /wall?layout=tile|split|pip|sequence&size=1920x1080|3840x2160|7680x2160&campus=<id>&lang=en
export default async function WallPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const lang = typeof params.lang === "string" ? params.lang : null;
  const campus = typeof params.campus === "string" ? params.campus : null;
  return <WallView config={parseWallConfig(params)} initialCampusId={campus} locale={isLocale(lang) ? lang : DEFAULT_LOCALE} />;
}
