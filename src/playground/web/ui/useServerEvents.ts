// The server's events, turned into page state: `change` bumps a counter (debounced, so a burst of changes
// is one re-read), `drill` is the latest drill progress, `template` the template's last change.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { DrillProgress } from '../../protocol';
import { listen } from './api';

export interface ServerState {
  version: number;
  drill: DrillProgress | null;
  /** Set once a `template` event arrives; until then the session's value holds. */
  templateChangedAt: number | null;
  /** Re-read everything now (after an act, or a reset). */
  bump: () => void;
}

const DEBOUNCE_MS = 100;

export function useServerEvents(onTemplateChange: () => void): ServerState {
  const [version, setVersion] = useState(0);
  const [drill, setDrill] = useState<DrillProgress | null>(null);
  const [templateChangedAt, setTemplateChangedAt] = useState<number | null>(null);
  const timer = useRef<number | undefined>(undefined);
  // The callback changes every render; the listener, made once, reads the newest through this ref.
  const onTemplate = useRef(onTemplateChange);
  onTemplate.current = onTemplateChange;

  const bump = (): void => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setVersion((v) => v + 1), DEBOUNCE_MS);
  };

  useEffect(() => {
    const stop = listen(
      (event) => {
        if (event.type === 'change') bump();
        else if (event.type === 'drill') {
          setDrill(event.drill);
          bump();
        } else if (event.type === 'template') {
          setTemplateChangedAt(event.changedAt);
          onTemplate.current();
        }
      },
      // After a reconnect, whatever changed meanwhile was missed: re-read.
      bump,
    );
    return () => {
      stop();
      window.clearTimeout(timer.current);
    };
  }, []);

  return { version, drill, templateChangedAt, bump };
}
