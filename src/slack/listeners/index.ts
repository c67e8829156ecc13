import type { App } from '@slack/bolt';
import * as summaryButtons from './actions/summaryButtons';
import * as incidentCommand from './commands/incident';
import type { ListenerDeps } from './deps';
import * as actionDone from './actions/actionDone';
import * as appHome from './events/appHome';
import * as channelEvents from './events/channelEvents';
import * as addToTimeline from './shortcuts/addToTimeline';
import * as declareView from './views/declare';

/** The one place that wires listeners to the app. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  incidentCommand.register(app, deps);
  channelEvents.register(app, deps);
  declareView.register(app, deps);
  appHome.register(app, deps);
  actionDone.register(app, deps);
  addToTimeline.register(app, deps);
  summaryButtons.register(app, deps);
}
