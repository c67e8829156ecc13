// The dark sidebar: workspace, who the visitor is acting as, channels (members' first, then public ones to
// join), direct messages, Home, drills and Reset.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import type { ConversationSummary, DrillProgress } from '../../protocol';
import { usePage } from './context';
import { DrillMenu } from './drillMenu';

export type View = { kind: 'channel'; id: string } | { kind: 'home' };

interface Props {
  view: View | null;
  setView: (v: View) => void;
  setPerson: (id: string) => void;
  drill: DrillProgress | null;
  onReset: () => void;
  onError: (message: string) => void;
}

function ChannelItem({ c, active, onClick }: { c: ConversationSummary; active: boolean; onClick: () => void }): ComponentChild {
  const page = usePage();
  const label = c.kind === 'im' ? page.session.names[c.name] ?? c.name : c.name;
  const icon = c.kind === 'private' ? '🔒' : c.kind === 'im' ? '🤖' : '#';
  return html`<li><button type="button" class=${active ? 'side-item side-item-active' : c.isMember ? 'side-item' : 'side-item side-item-muted'}
      data-testid="channel-item" data-channel=${c.name} data-channel-id=${c.id} aria-current=${active} onClick=${onClick}>
    <span class="side-icon" aria-hidden="true">${icon}</span><span class="side-label">${label}</span>${c.createdByBot && c.kind !== 'im' && html`<span class="side-tag" title="Created by the app">inc</span>`}
  </button></li>`;
}

export function Sidebar({ view, setView, setPerson, drill, onReset, onError }: Props): ComponentChild {
  const page = usePage();
  const mine = page.conversations.filter((c) => c.kind !== 'im' && c.isMember);
  const others = page.conversations.filter((c) => c.kind !== 'im' && !c.isMember);
  const dms = page.conversations.filter((c) => c.kind === 'im');
  const item = (c: ConversationSummary): ComponentChild =>
    html`<${ChannelItem} key=${c.id} c=${c} active=${view?.kind === 'channel' && view.id === c.id} onClick=${() => setView({ kind: 'channel', id: c.id })} />`;
  const me = page.me;
  return html`<nav class="sidebar" aria-label="Workspace">
    <div class="workspace">${page.session.workspace.name}</div>
    <div class="person">
      <label for="person-switcher">You are:</label>
      <select id="person-switcher" data-testid="person-switcher" value=${me.id} onChange=${(e: Event) => setPerson((e.currentTarget as HTMLSelectElement).value)}>
        ${page.session.people.map((p) => html`<option key=${p.id} value=${p.id}>${p.realName}${p.guest ? ' (guest)' : ''}</option>`)}
      </select>
      <div class="person-title" data-testid="person-title">${me.title}${me.guest && html` <span class="badge-guest" data-testid="guest-badge">${me.guest === 'single' ? 'Single-channel guest' : 'Guest'}</span>`}</div>
      <div class="person-zone">🕑 ${me.tz}</div>
    </div>
    <div class="side-scroll">
      <button type="button" class=${view?.kind === 'home' ? 'side-item side-item-active' : 'side-item'} data-testid="home-entry" onClick=${() => setView({ kind: 'home' })}>🏠 Home · ${page.session.bot.name}</button>
      <${DrillMenu} progress=${drill} onError=${onError} />
      <div class="side-heading">Channels</div>
      <ul class="side-list">${mine.map(item)}</ul>
      ${others.length > 0 && html`<div class="side-heading">Other channels</div><ul class="side-list">${others.map(item)}</ul>`}
      <div class="side-heading">Direct messages</div>
      <ul class="side-list">${dms.map(item)}</ul>
    </div>
    <button type="button" class="side-item side-reset" data-testid="reset" onClick=${onReset}>↺ Reset the workspace</button>
  </nav>`;
}
