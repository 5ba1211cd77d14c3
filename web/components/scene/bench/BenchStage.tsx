"use client";

import dynamic from "next/dynamic";

// Client wrapper: WebGL exists only in the browser.
const StressScene = dynamic(() => import("./StressScene"), { ssr: false });

export function BenchStage(props: { mode: "instanced" | "naive"; frustums: number; agents: number }) {
  return (
    <div style={{ width: "100vw", height: "100vh" }} data-testid="bench" data-mode={props.mode}>
      <StressScene {...props} />
    </div>
  );
}
