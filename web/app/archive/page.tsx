import type { Metadata } from "next";
import { ArchiveView } from "../../components/archive/ArchiveView";

export const metadata: Metadata = { title: "人车档案 · CampusTwin" };

export default function ArchivePage() {
  return <ArchiveView />;
}
