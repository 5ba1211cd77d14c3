// Messages between the event log (main thread) and its SQLite writer worker.

export interface WriterSetup {
  path: string;
  columns: readonly string[];
}

/** `values` holds the rows flattened, `columns.length` values per row, in column order. */
export type WriterRequest = { type: "insert"; n: number; values: unknown[] } | { type: "close" };

/** `seqs[i]` is row i's new seq, or 0 when its id was already stored. */
export type WriterReply =
  | { type: "ready" }
  | { type: "done"; n: number; seqs: Float64Array }
  | { type: "failed"; n: number; message: string }
  | { type: "closed" };
