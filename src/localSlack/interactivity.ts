// What a person does with an app's own surfaces, as Slack sends it: a button click (`block_actions`), a
// message shortcut (`message_action`), a modal submission (`view_submission`). Each is a signed form post
// with one field, `payload`, built from what the app actually showed: a click needs that button in the
// message's or view's blocks, a submission a view the app opened, with Slack's state values (untouched
// inputs keep their initial values; a required one left empty is never submitted). Every payload carries
// a fresh trigger_id that views.open takes once, within 3 s (see webApiViews.ts).
import { randomBytes } from 'node:crypto';
import type { HttpResult } from './signing';
import type { ResponseTarget } from './standInHttp';
import { isRecord, wireMessage, type Channel, type JsonRecord, type OpenedView, type User } from './standInModel';
import type { StandInState } from './standInState';
import { isEmpty, optionsOf, stateValue, type InputValue } from './viewState';

export type { InputValue } from './viewState';

export interface InteractionOptions {
  /** Deliver the same payload twice, as Slack may (a redelivered interaction). */
  twice?: boolean;
  /** The trigger was issued this long ago (seconds): past 3 s, views.open refuses it (`expired_trigger_id`). */
  triggerAgeSec?: number;
}

export interface InteractionResult {
  payload: JsonRecord;
  /** The app's answer (the ack); `again` is the answer to the second delivery with `twice`. */
  http: HttpResult;
  again?: HttpResult;
  triggerId: string;
}


/**
 * Where the element is: a message (`ts`), an ephemeral message the person was shown (`ephemeralTs`), a modal the
 * app opened (`viewId`), or the person's App Home (`home`).
 */
export type ClickTarget = { channelId: string; ts: string } | { channelId: string; ephemeralTs: string } | { viewId: string } | { home: true };

export interface InteractivityConfig {
  state: StandInState;
  /** Posts a signed interaction to the app (the stand-in's deliverInteraction). */
  post(payload: JsonRecord): Promise<HttpResult>;
  newResponseUrl(to?: ResponseTarget): string;
  /** The person's App Home as the app last published it. */
  home(userId: string): JsonRecord | undefined;
}

const elementsOf = (block: JsonRecord): JsonRecord[] => [
  ...(Array.isArray(block.elements) ? block.elements.filter(isRecord) : []),
  ...(isRecord(block.accessory) ? [block.accessory] : []),
];

export class Interactivity {
  constructor(private readonly cfg: InteractivityConfig) {}

  private get state(): StandInState {
    return this.cfg.state;
  }

  /**
   * Uses an interactive element the app showed: a button (`value` picks one of several with the same action id),
   * or a menu (`static_select`, `overflow`: `value` is the option chosen).
   */
  async click(userId: string, target: ClickTarget, actionId: string, value: string | undefined, opts: InteractionOptions): Promise<InteractionResult> {
    const user = this.mustUser(userId);
    const { blocks, where } = this.clickedIn(user, target);
    const found = findElement(blocks, actionId, value);
    if (!found) throw new Error(`stand-in: no button ${actionId}${value !== undefined ? `=${value}` : ''} there to click`);
    const { block, element } = found;
    const chosen = element.type === 'button' ? undefined : optionsOf(element).find((o) => o.value === value);
    const action = {
      type: element.type,
      action_id: actionId,
      block_id: block.block_id,
      ...(element.type === 'button' ? { text: element.text, ...(element.value !== undefined ? { value: element.value } : {}) } : { selected_option: chosen }),
      action_ts: this.actionTs(),
    };
    return this.send(user, opts, (triggerId) => ({ type: 'block_actions', ...where, trigger_id: triggerId, actions: [action], state: { values: {} } }));
  }

  /** The blocks the element is in, and the payload fields that say where that is. */
  private clickedIn(user: User, target: ClickTarget): { blocks: unknown; where: JsonRecord } {
    if ('home' in target) {
      const home = this.cfg.home(user.id);
      if (!home) throw new Error(`stand-in: the app published no App Home for ${user.id}`);
      const id = `VHOME${user.id}`;
      return { blocks: home.blocks, where: { container: { type: 'view', view_id: id }, view: { ...home, id, state: { values: {} } } } };
    }
    if ('viewId' in target) {
      const view = this.mustView(target.viewId);
      return { blocks: view.view.blocks, where: { container: { type: 'view', view_id: view.id }, view: { ...view.view, id: view.id, hash: view.hash, state: { values: {} } } } };
    }
    const channel = this.visibleChannel(user, target.channelId);
    if ('ephemeralTs' in target) {
      const shown = this.state.ephemerals.find((e) => e.messageTs === target.ephemeralTs && e.user === user.id && e.channel === channel.id);
      if (!shown) throw new Error(`stand-in: ${user.id} was shown no ephemeral message ${target.ephemeralTs} in ${channel.id}`);
      return {
        blocks: shown.blocks,
        where: {
          container: { type: 'message', message_ts: shown.messageTs, channel_id: channel.id, is_ephemeral: true },
          channel: { id: channel.id, name: channel.name },
          response_url: this.cfg.newResponseUrl({ userId: user.id, channelId: channel.id, ephemeralTs: shown.messageTs }),
        },
      };
    }
    const message = this.state.message(channel.id, target.ts);
    if (!message) throw new Error(`stand-in: no message ${target.ts} in ${channel.id}`);
    return {
      blocks: message.blocks,
      where: {
        container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: false },
        channel: { id: channel.id, name: channel.name },
        message: wireMessage(message),
        response_url: this.cfg.newResponseUrl({ userId: user.id, channelId: channel.id }),
      },
    };
  }

  async runShortcut(userId: string, channelId: string, messageTs: string, callbackId: string, opts: InteractionOptions): Promise<InteractionResult> {
    const user = this.mustUser(userId);
    const channel = this.visibleChannel(user, channelId);
    const message = this.state.message(channel.id, messageTs);
    if (!message) throw new Error(`stand-in: no message ${messageTs} in ${channel.id}`);
    const wire = wireMessage(message);
    return this.send(user, opts, (triggerId) => ({
      type: 'message_action',
      callback_id: callbackId,
      trigger_id: triggerId,
      action_ts: this.actionTs(),
      message_ts: message.ts,
      channel: { id: channel.id, name: channel.name },
      message: { ...wire, type: 'message' },
      response_url: this.cfg.newResponseUrl({ userId: user.id, channelId: channel.id }),
    }));
  }

  async submit(userId: string, viewId: string, values: Record<string, InputValue>, opts: InteractionOptions): Promise<InteractionResult> {
    const user = this.mustUser(userId);
    const view = this.mustView(viewId);
    if (view.userId !== undefined && view.userId !== userId) throw new Error(`stand-in: view ${viewId} is open for ${view.userId}, not ${userId}`);
    const blocks = Array.isArray(view.view.blocks) ? view.view.blocks.filter(isRecord) : [];
    for (const id of Object.keys(values)) {
      if (!blocks.some((b) => b.type === 'input' && b.block_id === id)) throw new Error(`stand-in: view ${viewId} has no input block ${id}`);
    }
    const state: Record<string, JsonRecord> = {};
    for (const block of blocks) {
      if (block.type !== 'input' || !isRecord(block.element) || typeof block.block_id !== 'string') continue;
      const given = Object.hasOwn(values, block.block_id) ? values[block.block_id] : undefined;
      const entry = stateValue(block.element, given);
      if (block.optional !== true && isEmpty(entry)) throw new Error(`stand-in: ${block.block_id} is required: Slack would not submit the view`);
      state[block.block_id] = { [String(block.element.action_id)]: entry };
    }
    const wire = { ...view.view, id: view.id, hash: view.hash, state: { values: state }, root_view_id: view.id, previous_view_id: null };
    return this.send(user, opts, (triggerId) => ({ type: 'view_submission', trigger_id: triggerId, view: wire, response_urls: [] })).then((result) => {
      this.afterSubmit(view, result.http);
      return result;
    });
  }

  // ---- internals -----------------------------------------------------------------------------

  /** Slack closes a submitted view unless the app answers with errors (stays) or an update (replaced). */
  private afterSubmit(view: OpenedView, http: HttpResult): void {
    if (http.status !== 200) return;
    let body: unknown;
    try {
      body = http.body ? JSON.parse(http.body) : undefined;
    } catch {
      body = undefined;
    }
    const action = isRecord(body) ? body.response_action : undefined;
    if (action === 'errors') return;
    if (action === 'update' && isRecord(body) && isRecord(body.view)) {
      view.view = body.view;
      view.hash = `${Date.now()}.${randomBytes(6).toString('hex')}`;
      return;
    }
    view.closed = true;
  }

  /** A trigger_id for this person's action, good for one views.open within 3 s (`ageSec`: issued that long ago). */
  issueTrigger(userId: string, ageSec = 0): string {
    const triggerId = `${Math.floor(this.state.nowSec())}.${randomBytes(5).readUIntBE(0, 5)}.${randomBytes(8).toString('hex')}`;
    this.state.triggers.set(triggerId, { userId, issuedAt: this.state.nowSec() - ageSec, used: false });
    return triggerId;
  }

  /**
   * The person closes a modal (its Cancel, or the X). Slack tells the app only when the view asked for it
   * (`notify_on_close`), with `view_closed`.
   */
  async close(userId: string, viewId: string): Promise<void> {
    const user = this.mustUser(userId);
    const view = this.mustView(viewId);
    view.closed = true;
    if (view.view.notify_on_close !== true) return;
    await this.send(user, {}, () => ({ type: 'view_closed', view: { ...view.view, id: view.id, hash: view.hash, state: { values: {} } }, is_cleared: false }));
  }

  private async send(user: User, opts: InteractionOptions, build: (triggerId: string) => JsonRecord): Promise<InteractionResult> {
    const triggerId = this.issueTrigger(user.id, opts.triggerAgeSec ?? 0);
    const payload: JsonRecord = {
      token: 'stand-in-verification',
      team: { id: this.state.teamId, domain: 'standin' },
      user: { id: user.id, username: user.name, name: user.name, team_id: user.teamId ?? this.state.teamId },
      api_app_id: 'A0001',
      is_enterprise_install: false,
      enterprise: null,
      ...build(triggerId),
    };
    const http = await this.cfg.post(payload);
    const again = opts.twice ? await this.cfg.post(payload) : undefined;
    return { payload, http, triggerId, ...(again ? { again } : {}) };
  }

  private actionTs(): string {
    return this.state.nextTs();
  }

  private mustUser(userId: string): User {
    const user = this.state.user(userId);
    if (!user) throw new Error(`stand-in: no user ${userId}; addUser first`);
    return user;
  }

  private mustView(viewId: string): OpenedView {
    const view = this.state.views.find((v) => v.id === viewId);
    if (!view) throw new Error(`stand-in: the app opened no view ${viewId}`);
    if (view.closed) throw new Error(`stand-in: view ${viewId} is closed`);
    return view;
  }

  /** Only where the person sees the conversation (StandInState.canSee). */
  private visibleChannel(user: User, channelId: string): Channel {
    const channel = this.state.channel(channelId);
    if (!channel) throw new Error(`stand-in: no channel ${channelId}`);
    if (!this.state.canSee(channel, user.id)) throw new Error(`stand-in: ${user.id} cannot see ${channelId}`);
    return channel;
  }
}


/** The element with this action id (and, for a button, this value; for a menu, an option with it). */
function findElement(blocks: unknown, actionId: string, value: string | undefined): { block: JsonRecord; element: JsonRecord } | undefined {
  for (const block of Array.isArray(blocks) ? blocks.filter(isRecord) : []) {
    const element = elementsOf(block).find((e) => {
      if (e.action_id !== actionId) return false;
      if (e.type === 'button') return value === undefined || e.value === value;
      return (e.type === 'static_select' || e.type === 'overflow') && value !== undefined && optionsOf(e).some((o) => o.value === value);
    });
    if (element) return { block, element };
  }
  return undefined;
}
