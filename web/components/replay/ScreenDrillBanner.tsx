"use client";

import { useEffect, useState } from "react";
import { trpc } from "../../lib/trpc";
import { DrillBanner } from "./DrillBanner";

// The drill banner on every screen (issue 8: drill events are never confused with real alarms).
// Mounted once in the root layout: it follows the campus the page shows (?campus=…, else the
// first campus in the user's scope). /replay and /drills draw their own banner; /login has no
// session to ask with.

const OWN_BANNER = ["/replay", "/drills", "/login"];

export function ScreenDrillBanner() {
  const [campusId, setCampusId] = useState<string | null>(null);
  useEffect(() => {
    const path = window.location.pathname;
    if (OWN_BANNER.some((p) => path.startsWith(p))) return;
    const fromUrl = new URLSearchParams(window.location.search).get("campus");
    if (fromUrl) return setCampusId(fromUrl);
    let live = true;
    trpc().campus.list.query().then((list) => live && setCampusId(list[0]?.id ?? null)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!campusId) return null;
  return (
    <div style={{ position: "fixed", top: 0, left: 0, right: 0, zIndex: 1000, pointerEvents: "none" }}>
      <DrillBanner campusId={campusId} />
    </div>
  );
}
