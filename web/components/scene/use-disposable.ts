import { useEffect, useMemo, type DependencyList } from "react";

interface Disposable {
  dispose(): void;
}

/**
 * useMemo for three.js resources: builds once per deps and disposes the previous value when the
 * deps change or the component unmounts (STYLE: dispose what you create).
 */
export function useDisposable<T extends Disposable | null>(build: () => T, deps: DependencyList): T {
  const value = useMemo(build, deps);
  useEffect(() => () => value?.dispose(), [value]);
  return value;
}
