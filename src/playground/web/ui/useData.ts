// Reading server data for what is on screen: re-read when its key or the page's change counter moves, and
// never let a slow, older answer overwrite a newer one.

import { useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
}

/**
 * `load` is called whenever `key` or `version` changes. While a new key loads, the old key's data is not
 * shown (it belongs to another channel); while the same key re-loads, it stays on screen.
 */
export function useData<T>(key: string | null, version: number, load: (key: string) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ key: string | null; data: T | null; error: string | null }>({ key: null, data: null, error: null });
  const latest = useRef(0);
  useEffect(() => {
    if (key === null) return;
    const mine = ++latest.current;
    load(key).then(
      (data) => {
        if (mine === latest.current) setState({ key, data, error: null });
      },
      (err: unknown) => {
        if (mine === latest.current) setState((s) => ({ key, data: s.key === key ? s.data : null, error: err instanceof Error ? err.message : String(err) }));
      },
    );
  }, [key, version]);
  return state.key === key ? { data: state.data, error: state.error } : { data: null, error: null };
}
