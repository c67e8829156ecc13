import type { App } from '@slack/bolt';
import * as incidentCommand from './commands/incident';
import type { ListenerDeps } from './deps';
import * as messages from './events/messages';
import * as reactions from './events/reactions';
import * as declareView from './views/declare';

/** The one place that wires listeners to the app. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  incidentCommand.register(app, deps);
  reactions.register(app, deps);
  messages.register(app, deps);
  declareView.register(app, deps);
}
