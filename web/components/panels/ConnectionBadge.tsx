"use client";

import { useStore } from "../../lib/store";
import { useCommand } from "../command/command-context";
import styles from "./panels.module.css";

/** Live connection state and the last seq seen: quiet when live, amber while reconnecting. */
export function ConnectionBadge() {
  const { live, lt } = useCommand();
  const connection = useStore(live, (s) => s.connection);
  const lastSeq = useStore(live, (s) => s.lastSeq);
  return (
    <span className={styles.connection} data-state={connection} data-testid="connection" data-last-seq={lastSeq}>
      <i aria-hidden />
      {lt.connection[connection]}
      <em>{lt.lastSeq} {lastSeq}</em>
    </span>
  );
}
