// The file viewer: a postmortem draft (or any file) rendered and raw, a download link, its versions, and —
// when the bot runs with a template file — the template panel for re-drafting after the template changes.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FileView } from '../../protocol';
import { fullTime } from '../text/dateTokens';
import { getJson } from './api';
import { usePage } from './context';
import { TemplatePanel, type Redraft } from './templatePanel';
import { useData } from './useData';

function Body({ file, tab }: { file: FileView; tab: 'rendered' | 'raw' }): ComponentChild {
  if (tab === 'raw') return html`<pre class="file-raw" data-testid="file-raw">${file.text ?? 'This file has no text to show.'}</pre>`;
  // FileView.html is the server's rendering of Markdown with raw HTML escaped (see protocol.ts): the one place
  // the page takes HTML, and only from its own server, never from message text.
  if (file.html !== null) return html`<article class="file-rendered markdown" data-testid="file-rendered" dangerouslySetInnerHTML=${{ __html: file.html }} />`;
  return html`<pre class="file-raw" data-testid="file-rendered">${file.text ?? 'This file has no preview.'}</pre>`;
}

interface Props {
  fileId: string;
  onOpen: (id: string) => void;
  onClose: () => void;
  redraft: Redraft;
}

export function FileViewer({ fileId, onOpen, onClose, redraft }: Props): ComponentChild {
  const page = usePage();
  const [tab, setTab] = useState<'rendered' | 'raw'>('rendered');
  const { data: file, error } = useData(fileId, page.version, () => getJson<FileView>(`/api/files/${encodeURIComponent(fileId)}`));
  // After a re-draft from this viewer, the newest version is the one the author wants to read: follow it.
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!file) return;
    const newest = file.versions[0];
    if (known.current && newest && !known.current.has(newest.id) && newest.id !== file.id) onOpen(newest.id);
    known.current = new Set(file.versions.map((v) => v.id));
  }, [file]);
  return html`<div class="overlay" onKeyDown=${(e: KeyboardEvent) => e.key === 'Escape' && onClose()}>
    <div class="file-viewer" data-testid="file-viewer" data-file-id=${fileId} role="dialog" aria-modal="true" aria-labelledby="file-title">
      <header class="modal-header">
        <h2 id="file-title">${file ? file.title || file.name : 'File'}</h2>
        ${file && html`<a class="kit-btn" data-testid="file-download" href=${file.downloadUrl} download=${file.name}>Download</a>`}
        <button type="button" class="icon-btn" data-testid="file-close" aria-label="Close file" onClick=${onClose}>✕</button>
      </header>
      ${!file && html`<div class="loading">${error ?? 'Loading…'}</div>`}
      ${file && html`<div class="file-layout">
        <div class="file-main">
          <div class="tabs" role="tablist">
            <button type="button" role="tab" data-testid="tab-rendered" aria-selected=${tab === 'rendered'} class=${tab === 'rendered' ? 'tab tab-active' : 'tab'} onClick=${() => setTab('rendered')}>Rendered</button>
            <button type="button" role="tab" data-testid="tab-raw" aria-selected=${tab === 'raw'} class=${tab === 'raw' ? 'tab tab-active' : 'tab'} onClick=${() => setTab('raw')}>Raw</button>
            <span class="file-info">${file.name} · ${(file.size / 1024).toFixed(1)} KB</span>
          </div>
          <div class="file-body"><${Body} file=${file} tab=${tab} /></div>
        </div>
        <aside class="file-side">
          <h3>Versions</h3>
          <ol class="file-versions" data-testid="file-versions">
            ${file.versions.map((v) => html`<li key=${v.id}>
              <button type="button" class=${v.id === file.id ? 'version version-current' : 'version'} data-file-id=${v.id} aria-current=${v.id === file.id} onClick=${() => onOpen(v.id)}>
                <span class="version-title">${v.title}</span><span class="version-time">${fullTime(v.created, page.me.tz)}</span>
              </button>
            </li>`)}
          </ol>
          ${page.session.template && html`<${TemplatePanel} template=${page.session.template} redraft=${redraft} fileChannel=${file.channels[0]} />`}
        </aside>
      </div>`}
    </div>
  </div>`;
}
