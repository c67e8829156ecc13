// The page: who the visitor acts as, what is open (a channel or Home, a thread, a file, the modal the app
// opened), and the server's data for it, re-read whenever the server reports a change.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Act, ActResult, ConversationSummary, Session, Surfaces } from '../../protocol';
import { asQuery, getJson, postJson, sendAct } from './api';
import { ChannelView } from './channelView';
import { PageContext, type Page } from './context';
import { FileViewer } from './fileViewer';
import { HomeView } from './homeView';
import { Modal } from './modal';
import { Sidebar, type View } from './sidebar';
import { ThreadPane } from './threadPane';
import { useData } from './useData';
import { useServerEvents } from './useServerEvents';
import { readHash, savedPerson, savePerson, writeHash } from './viewState';

export function App(): ComponentChild {
  const [sessionKey, setSessionKey] = useState(0);
  const { data: session, error: sessionError } = useData(String(sessionKey), 0, () => getJson<Session>('/api/session'));
  const [as, setAs] = useState<string | null>(savedPerson());
  const [view, setViewState] = useState<View | null>(readHash());
  const [thread, setThread] = useState<{ channelId: string; ts: string } | null>(null);
  const [fileId, setFileId] = useState<string | null>(null);
  const [fileChannel, setFileChannel] = useState<string | undefined>(undefined);
  const [toast, setToast] = useState<string | null>(null);
  const [autoRedraft, setAutoRedraft] = useState(false);
  const [, setTick] = useState(0);
  const redraftRef = useRef<() => void>(() => undefined);
  const server = useServerEvents(() => redraftRef.current());

  const me = session?.people.find((p) => p.id === as) ?? session?.people[0] ?? null;
  const meId = me?.id ?? null;
  const { data: conversations } = useData(meId, server.version, (id) => getJson<ConversationSummary[]>(`/api/conversations?${asQuery(id)}`));
  const { data: surfaces } = useData(meId, server.version, (id) => getJson<Surfaces>(`/api/surfaces?${asQuery(id)}`));

  // `{ago}` and "Today" move with the clock, not only with changes: re-render now and then.
  useEffect(() => {
    const t = window.setInterval(() => setTick((n) => n + 1), 30_000);
    return () => window.clearInterval(t);
  }, []);
  useEffect(() => {
    if (!toast) return;
    const t = window.setTimeout(() => setToast(null), 6000);
    return () => window.clearTimeout(t);
  }, [toast]);
  // With nothing chosen yet, or a channel this person cannot see (a guest, a private channel), open the
  // first channel the person is in.
  useEffect(() => {
    if (!conversations) return;
    if (view?.kind === 'home' || (view?.kind === 'channel' && conversations.some((c) => c.id === view.id))) return;
    const first = conversations.find((c) => c.isMember && c.kind !== 'im') ?? conversations[0];
    if (!first) return;
    setViewState({ kind: 'channel', id: first.id });
    writeHash({ kind: 'channel', id: first.id });
  }, [view, conversations]);

  if (!session || !me) return html`<div class="loading page-loading">${sessionError ?? 'Loading the workspace…'}</div>`;

  const setView = (v: View): void => {
    setViewState(v);
    writeHash(v);
    setThread(null);
  };
  const act = async (a: Act): Promise<ActResult> => {
    const result = await sendAct(me.id, a);
    if (!result.ok) setToast(result.error);
    server.bump();
    return result;
  };
  const currentChannel = view?.kind === 'channel' ? conversations?.find((c) => c.id === view.id) : undefined;
  const redraftNow = (channelId?: string): void => {
    const target = currentChannel?.createdByBot ? currentChannel.id : channelId ?? fileChannel;
    if (!target) {
      setToast('Open an incident channel to re-draft its postmortem.');
      return;
    }
    void act({ kind: 'command', channelId: target, text: '/incident postmortem' });
  };
  redraftRef.current = () => {
    if (autoRedraft) redraftNow();
  };
  const reset = async (): Promise<void> => {
    if (!window.confirm('Reset the workspace? Every message, channel and incident made here is cleared.')) return;
    const result = await postJson('/api/reset', {});
    if (!result.ok) setToast(result.error);
    setThread(null);
    setFileId(null);
    setViewState(null);
    writeHash(null);
    setSessionKey((k) => k + 1);
    server.bump();
  };

  const channelNames = Object.fromEntries((conversations ?? []).map((c) => [c.id, c.name]));
  const template = session.template && server.templateChangedAt !== null ? { ...session.template, changedAt: server.templateChangedAt } : session.template;
  const page: Page = {
    session: { ...session, template },
    me,
    // Read at each render, so a message just posted is never "in 2 seconds" from a stale clock.
    text: { names: session.names, channels: channelNames, zone: me.tz, now: Date.now() },
    conversations: conversations ?? [],
    version: server.version,
    act,
    openChannel: (id) => setView({ kind: 'channel', id }),
    openThread: (channelId, ts) => setThread({ channelId, ts }),
    openFile: (id) => {
      setFileId(id);
      if (view?.kind === 'channel') setFileChannel(view.id);
    },
  };
  const switchPerson = (id: string): void => {
    setAs(id);
    savePerson(id);
    setThread(null);
  };

  return html`<${PageContext.Provider} value=${page}>
    <div class=${thread ? 'app app-with-thread' : 'app'}>
      <${Sidebar} view=${view} setView=${setView} setPerson=${switchPerson} drill=${server.drill} onReset=${() => void reset()} onError=${setToast} />
      <main class="main">
        ${view?.kind === 'home' && html`<${HomeView} home=${surfaces?.home ?? null} />`}
        ${view?.kind === 'channel' && html`<${ChannelView} key=${view.id} channelId=${view.id} />`}
        ${!view && html`<div class="loading">Pick a channel.</div>`}
      </main>
      ${thread && html`<${ThreadPane} key=${`${thread.channelId}/${thread.ts}`} channelId=${thread.channelId} ts=${thread.ts} onClose=${() => setThread(null)} />`}
    </div>
    ${surfaces?.modal && html`<${Modal} key=${surfaces.modal.viewId} viewId=${surfaces.modal.viewId} view=${surfaces.modal.view} />`}
    ${fileId && html`<${FileViewer} fileId=${fileId} onOpen=${setFileId} onClose=${() => setFileId(null)}
      redraft=${{ auto: autoRedraft, setAuto: setAutoRedraft, now: redraftNow }} />`}
    ${toast && html`<div class="toast" role="alert" data-testid="toast">${toast}<button type="button" class="icon-btn" aria-label="Dismiss" onClick=${() => setToast(null)}>✕</button></div>`}
  </${PageContext.Provider}>`;
}
