import type { DeviceAction } from "./actions";

// Where played actions go. Each sink takes the actions of the devices it can speak for
// (by protocol) and reports problems by key instead of throwing, so one unreachable listener
// does not stop the others (STYLE "long-lived clients report keyed problems").

export interface ActionSink {
  readonly name: string;
  handles(a: DeviceAction): boolean;
  /** Resolves when the device got its answer (PUBACK, DC-09 ACK, 200 OK…). */
  send(a: DeviceAction, stamp: Date): Promise<void>;
  close(): Promise<void>;
}

export type ProblemReporter = (key: string, message: string) => void;
