// What people do in the Slack client, as state changes plus the events Slack sends the app: posting, editing,
// deleting, reacting, joining, opening the app's Home tab; integrations posting. Text is what the person
// typed and is stored entity-encoded, as Slack does (see slackText.ts). The server side (delivery, records)
// is LocalSlack's (localSlack.ts).
import { integrationEdits, integrationPosts, type IntegrationPost } from './integrations';
import { encodeTyped } from './slackText';
import * as actions from './standInActions';
import type { ActionOptions, ActionResult, DeliverOptions, Delivery, TextOptions } from './standInTypes';
import { StandInWorkspace } from './standInWorkspace';

export abstract class PeopleActions extends StandInWorkspace {
  /** Signs and POSTs an Events API envelope to the app (see LocalSlack). */
  abstract deliverEvent(event: object, opts?: DeliverOptions): Promise<ActionResult & { delivery: Delivery }>;
  /** Delivers an action's event when the bot can see it and the caller wants it delivered. */
  protected abstract deliverOutcome(outcome: actions.ActionOutcome, opts: ActionOptions): Promise<ActionResult>;

  userPosts(userId: string, channelId: string, text: string, opts: TextOptions & { threadTs?: string; ts?: string } = {}): Promise<ActionResult> {
    const { threadTs, ts } = opts;
    const outcome = actions.userPosts(this.state, userId, channelId, opts.wire ? text : encodeTyped(text), {
      ...(threadTs !== undefined ? { threadTs } : {}),
      ...(ts !== undefined ? { ts } : {}),
    });
    return this.deliverOutcome(outcome, opts);
  }

  userEdits(userId: string, channelId: string, ts: string, newText: string, opts: TextOptions = {}): Promise<ActionResult> {
    const text = opts.wire ? newText : encodeTyped(newText);
    return this.deliverOutcome(actions.userEdits(this.state, userId, channelId, ts, text), opts);
  }

  /** Deletes any message (a person's, or the bot's via an admin); a thread parent leaves a tombstone. */
  userDeletes(channelId: string, ts: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userDeletes(this.state, channelId, ts), opts);
  }

  /** A bot or integration posts (an alert, a deploy bot), as Slack shapes such posts: see integrations.ts. */
  integrationPosts(channelId: string, post: IntegrationPost, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(integrationPosts(this.state, channelId, post), opts);
  }

  integrationEdits(channelId: string, ts: string, change: Pick<IntegrationPost, 'text' | 'attachments' | 'blocks'>, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(integrationEdits(this.state, channelId, ts, change), opts);
  }

  userReacts(userId: string, channelId: string, ts: string, reaction: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userReacts(this.state, userId, channelId, ts, reaction, true), opts);
  }

  userUnreacts(userId: string, channelId: string, ts: string, reaction: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userReacts(this.state, userId, channelId, ts, reaction, false), opts);
  }

  /** The person joins a public channel: Slack writes "has joined the channel" and sends it as a message event. */
  userJoins(userId: string, channelId: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userJoins(this.state, userId, channelId), opts);
  }

  /** The person dismisses an ephemeral message they were shown (it was never the app's to change). */
  dismissEphemeral(userId: string, channelId: string, ts: string): void {
    const list = this.state.ephemerals;
    const i = list.findIndex((e) => e.user === userId && e.channel === channelId && e.messageTs === ts);
    if (i >= 0) list.splice(i, 1);
  }

  /** The person opens the app's Home tab: Slack sends `app_home_opened`. */
  userOpensHome(userId: string, opts: DeliverOptions = {}): Promise<ActionResult & { delivery: Delivery }> {
    const event = { type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home', event_ts: `${this.state.nextTs()}` };
    return this.deliverEvent(event, opts);
  }
}
