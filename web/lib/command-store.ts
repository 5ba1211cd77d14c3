import { createStore, type Store } from "./store";

// What the commander is looking at: selection, open building, layers, virtual views and the
// camera focus. Separate from the live store so a click never re-renders the live panels.

export const LAYERS = ["frustums", "fences", "devices", "doors", "agents", "heatmap", "beacons"] as const;
export type Layer = (typeof LAYERS)[number];

export type Selection =
  | { type: "device"; id: string }
  | { type: "incident"; id: string }
  | { type: "building"; id: string }
  | null;

/** Where the view should fly: bumps `nonce` for every request, even to the same spot. */
export interface FocusRequest {
  eastM: number;
  northM: number;
  distanceM: number;
  nonce: number;
}

export interface CommandState {
  selection: Selection;
  openBuildingId: string | null;
  /** The floor shown when a building is open; null = every floor. */
  openFloor: number | null;
  layers: Readonly<Record<Layer, boolean>>;
  /** Cameras shown in picture-in-picture virtual views, newest first. */
  virtualViews: readonly string[];
  /** Cameras drawn highlighted (an incident's linked cameras). */
  highlightCameras: ReadonlySet<string>;
  focus: FocusRequest | null;
}

export const MAX_VIRTUAL_VIEWS = 4;

export type CommandStore = Store<CommandState>;

export function createCommandStore(): CommandStore {
  return createStore<CommandState>({
    selection: null,
    openBuildingId: null,
    openFloor: null,
    layers: { frustums: true, fences: true, devices: true, doors: true, agents: true, heatmap: true, beacons: true },
    virtualViews: [],
    highlightCameras: new Set(),
    focus: null,
  });
}

export function openVirtualView(store: CommandStore, cameraId: string): void {
  store.setState((s) => ({ virtualViews: [cameraId, ...s.virtualViews.filter((id) => id !== cameraId)].slice(0, MAX_VIRTUAL_VIEWS) }));
}

export function closeVirtualView(store: CommandStore, cameraId: string): void {
  store.setState((s) => ({ virtualViews: s.virtualViews.filter((id) => id !== cameraId) }));
}

export function flyTo(store: CommandStore, eastM: number, northM: number, distanceM = 160): void {
  store.setState((s) => ({ focus: { eastM, northM, distanceM, nonce: (s.focus?.nonce ?? 0) + 1 } }));
}

export function toggleLayer(store: CommandStore, layer: Layer): void {
  store.setState((s) => ({ layers: { ...s.layers, [layer]: !s.layers[layer] } }));
}
