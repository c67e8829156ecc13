// "Run a drill": the scripted incidents the server can play at a chosen speed, their progress from `drill`
// events, and Stop.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { DrillProgress } from '../../protocol';
import { postJson } from './api';
import { usePage } from './context';

const SPEEDS = [1, 10, 30, 60, 120];

export function DrillMenu({ progress, onError }: { progress: DrillProgress | null; onError: (message: string) => void }): ComponentChild {
  const page = usePage();
  const [open, setOpen] = useState(false);
  const [speed, setSpeed] = useState(30);
  const running = progress?.state === 'running';
  const run = async (id: string): Promise<void> => {
    setOpen(false);
    const result = await postJson(`/api/drills/${encodeURIComponent(id)}`, { speed, as: page.me.id });
    if (!result.ok) onError(result.error);
  };
  const stop = async (): Promise<void> => {
    const result = await postJson('/api/drills/stop', {});
    if (!result.ok) onError(result.error);
  };
  return html`<div class="drill" data-testid="drill-menu">
    <button type="button" class="side-item" aria-expanded=${open} data-testid="drill-toggle" onClick=${() => setOpen(!open)}>🎬 Run a drill</button>
    ${open && html`<div class="popover drill-popover" role="dialog" aria-label="Run a drill">
      <fieldset class="drill-speeds">
        <legend>Speed</legend>
        ${SPEEDS.map((s) => html`<label key=${s}><input type="radio" name="drill-speed" value=${s} checked=${speed === s} onChange=${() => setSpeed(s)} data-testid=${`drill-speed-${s}`} /> ${s}×</label>`)}
      </fieldset>
      <ul class="drill-list">
        ${page.session.drills.map((d) => html`<li key=${d.id}>
          <div class="drill-title">${d.title}</div>
          <div class="drill-desc">${d.description}</div>
          <div class="drill-meta">${d.steps} steps · ${d.minutes} min at 1×, about ${Math.max(1, Math.round((d.minutes * 60) / speed))} s at ${speed}×</div>
          <button type="button" class="kit-btn kit-btn-primary" data-drill=${d.id} disabled=${running} onClick=${() => void run(d.id)}>Run</button>
        </li>`)}
      </ul>
    </div>`}
    ${progress && html`<div class=${`drill-progress drill-${progress.state}`} data-testid="drill-progress" data-state=${progress.state}>
      <div class="drill-progress-title">${progress.title} — ${progress.state === 'running' ? `step ${progress.step} of ${progress.of}` : progress.state}</div>
      <progress max=${progress.of} value=${progress.step} aria-label="Drill progress" />
      <div class="drill-line">${progress.line}</div>
      ${running && html`<button type="button" class="kit-btn kit-btn-danger" data-testid="drill-stop" onClick=${() => void stop()}>Stop</button>`}
    </div>`}
  </div>`;
}
