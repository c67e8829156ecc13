// The page's only way to the server: JSON over fetch and server-sent events, typed by ../protocol.ts.

import type { Act, ActResult, ServerEvent } from '../../protocol';

/** GET a JSON answer; a failed request throws with the server's words, for the page to show. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** POST JSON and read an ActResult; a transport failure is an ActResult too, so callers handle one shape. */
export async function postJson(path: string, body: unknown): Promise<ActResult> {
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    if (!text) return res.ok ? { ok: true } : { ok: false, error: `${res.status} ${res.statusText}` };
    const answer = JSON.parse(text) as ActResult;
    return answer;
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** One act, done as person `as`. */
export function sendAct(as: string, act: Act): Promise<ActResult> {
  return postJson('/api/act', { as, ...act });
}

/** Query string for "as person U". */
export const asQuery = (as: string): string => `as=${encodeURIComponent(as)}`;

/**
 * Listens to /api/events until the returned function is called. EventSource reconnects by itself after the
 * server restarts; `onOpen` lets the page re-read everything it may have missed meanwhile.
 */
export function listen(onEvent: (event: ServerEvent) => void, onOpen: () => void): () => void {
  const source = new EventSource('/api/events');
  source.onopen = onOpen;
  source.onmessage = (message: MessageEvent<string>) => {
    try {
      onEvent(JSON.parse(message.data) as ServerEvent);
    } catch {
      // A line that is not an event (a comment, a keep-alive) is not ours to read.
    }
  };
  return () => source.close();
}
