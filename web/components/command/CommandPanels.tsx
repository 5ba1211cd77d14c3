"use client";

import { useStore } from "../../lib/store";
import { BuildingPanel } from "../panels/BuildingPanel";
import { DevicePanel } from "../panels/DevicePanel";
import { EventFeed } from "../panels/EventFeed";
import { HealthSummary } from "../panels/HealthSummary";
import { IncidentList } from "../panels/IncidentList";
import { IncidentPanel } from "../panels/IncidentPanel";
import { LayerToggles } from "../panels/LayerToggles";
import { SearchBox } from "../panels/SearchBox";
import { VirtualViews } from "../panels/VirtualViews";
import { useCommand } from "./command-context";
import styles from "./command.module.css";

// Where the panels of /command sit: over the stage (search, layers, virtual views) and in the
// right-hand sidebar (health, incidents, the selected object's file, the live feed).

export function CommandPanels({ placement }: { placement: "stage" | "sidebar" }) {
  const { command } = useCommand();
  const selection = useStore(command, (s) => s.selection);
  const openBuildingId = useStore(command, (s) => s.openBuildingId);
  if (placement === "stage") {
    return (
      <>
        <div className={styles.searchSlot}><SearchBox /></div>
        <div className={styles.layersSlot}><LayerToggles /></div>
        <div className={styles.pipSlot}><VirtualViews /></div>
      </>
    );
  }
  return (
    <aside className={styles.sidebar}>
      <HealthSummary />
      <IncidentList />
      {selection?.type === "incident" && <IncidentPanel key={selection.id} incidentId={selection.id} />}
      {selection?.type === "device" && <DevicePanel key={selection.id} deviceId={selection.id} />}
      {selection?.type !== "device" && selection?.type !== "incident" && openBuildingId && <BuildingPanel buildingId={openBuildingId} />}
      <EventFeed />
    </aside>
  );
}
