// The app's Home tab: opening it tells the app (Slack sends app_home_opened), which publishes the view shown
// here; it follows later publishes live.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import type { Surfaces } from '../../protocol';
import { Blocks } from '../blocks/blocks';
import { list } from '../blocks/kit';
import { usePage } from './context';
import { Avatar } from './message';

export function HomeView({ home }: { home: Surfaces['home'] }): ComponentChild {
  const page = usePage();
  useEffect(() => {
    void page.act({ kind: 'openHome' });
  }, [page.me.id]);
  return html`<section class="channel home" data-testid="app-home">
    <header class="channel-header">
      <${Avatar} name=${page.session.bot.name} app=${true} />
      <div class="channel-title"><h1>${page.session.bot.name}</h1><div class="channel-topic">Home</div></div>
    </header>
    <div class="message-list home-body">
      ${home ? html`<${Blocks} blocks=${list(home, 'blocks')} target=${{ home: true }} />` : html`<div class="loading">Waiting for the app to publish its Home…</div>`}
    </div>
  </section>`;
}
