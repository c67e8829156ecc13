import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { SlackApiError } from '../errors';
import type { ChannelMaker } from '../usecases/ports/workspace';
import { call } from './webApiCall';

export interface MessageContent {
  text: string;
  blocks?: Array<types.KnownBlock | types.Block>;
}

/**
 * What a post the bot must make at most once carries, so that after a failure between posting it and
 * recording its ts the post can be found again (message metadata, read back from history).
 */
export interface PostMarker {
  type: 'incident_summary' | 'incident_announcement';
  incidentId: string;
}

/** How far back a marked post is looked for: it was posted moments before the failure that lost its ts. */
const MARKER_LOOKBACK = 100;

/**
 * The calls effects make. The client given here does not retry: a failure
 * (429 included, with its Retry-After) goes back to the outbox, which
 * reschedules the job durably.
 */
export function createSlackWrites(client: WebClient) {
  const content = (c: MessageContent) => ({ text: c.text, ...(c.blocks ? { blocks: c.blocks } : {}), unfurl_links: false, unfurl_media: false });
  let self: Promise<string | undefined> | undefined;
  const botUserId = () =>
    (self ??= client.auth.test().then(
      (res) => res.user_id,
      () => (self = undefined),
    ));
  return {
    async createChannel(name: string, opts: { private?: boolean } = {}): Promise<{ id: string; name: string }> {
      const res = await call('conversations.create', () => client.conversations.create({ name, ...(opts.private ? { is_private: true } : {}) }));
      const id = res?.channel?.id;
      if (!id) throw new SlackApiError('conversations.create', 'no_channel_returned');
      return { id, name: res.channel?.name ?? name };
    },
    /** What kind of conversation this is; `undefined` when Slack hides it from the bot (a private channel it is not in, a DM of others). */
    async channelInfo(channelId: string): Promise<{ id: string; name: string; isPrivate: boolean; isDirect: boolean; isArchived: boolean } | undefined> {
      const res = await call('conversations.info', () => client.conversations.info({ channel: channelId })).catch((err: unknown) => {
        if (err instanceof SlackApiError && err.slackError === 'channel_not_found') return undefined;
        throw err;
      });
      const c = res?.channel;
      if (!c?.id) return undefined;
      return { id: c.id, name: c.name ?? c.id, isPrivate: Boolean(c.is_private), isDirect: Boolean(c.is_im || c.is_mpim), isArchived: Boolean(c.is_archived) };
    },
    /**
     * A channel of this name that the bot itself created since `since` (a create whose answer was
     * lost), if any; an older one of the same name (numbers reused after a database reset) is not it.
     */
    async findOwnChannel(name: string, since: Date): Promise<{ id: string; name: string } | undefined> {
      // Slack's `created` is in whole seconds, on Slack's clock: a minute's margin either way.
      const after = Math.floor(since.getTime() / 1000) - 60;
      const me = await botUserId();
      let cursor: string | undefined;
      do {
        const res = await call('conversations.list', () =>
          client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) }),
        );
        const found = res?.channels?.find((c) => c.name === name && c.creator === me && (c.created ?? 0) >= after);
        if (found?.id) return { id: found.id, name };
        cursor = res?.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return undefined;
    },
    /** The ts of the bot's post carrying this marker among the channel's latest messages, if any. */
    async findMarkedPost(channelId: string, marker: PostMarker): Promise<string | undefined> {
      const res = await call('conversations.history', () => client.conversations.history({ channel: channelId, limit: MARKER_LOOKBACK, include_all_metadata: true }));
      const found = res?.messages?.find((m) => {
        const meta = m.metadata as { event_type?: unknown; event_payload?: { incident_id?: unknown } } | undefined;
        return meta?.event_type === marker.type && meta.event_payload?.incident_id === marker.incidentId;
      });
      return found?.ts;
    },
    /** Posts with a marker, so the post can be found again if its ts is lost (see findMarkedPost). */
    async postMarked(channelId: string, c: MessageContent, marker: PostMarker): Promise<string> {
      const res = await call('chat.postMessage', () =>
        client.chat.postMessage({ channel: channelId, ...content(c), metadata: { event_type: marker.type, event_payload: { incident_id: marker.incidentId } } }),
      );
      if (!res?.ts) throw new SlackApiError('chat.postMessage', 'no_ts_returned');
      return res.ts;
    },
    async invite(channelId: string, userIds: string[]): Promise<void> {
      await call('conversations.invite', () => client.conversations.invite({ channel: channelId, users: userIds.join(',') }));
    },
    async setTopic(channelId: string, topic: string): Promise<void> {
      await call('conversations.setTopic', () => client.conversations.setTopic({ channel: channelId, topic }));
    },
    async postMessage(channelId: string, c: MessageContent): Promise<string> {
      const res = await call('chat.postMessage', () => client.chat.postMessage({ channel: channelId, ...content(c) }));
      if (!res?.ts) throw new SlackApiError('chat.postMessage', 'no_ts_returned');
      return res.ts;
    },
    async postEphemeral(channelId: string, userId: string, c: MessageContent): Promise<void> {
      await call('chat.postEphemeral', () => client.chat.postEphemeral({ channel: channelId, user: userId, ...content(c) }));
    },
    async updateMessage(channelId: string, ts: string, c: MessageContent): Promise<void> {
      await call('chat.update', () => client.chat.update({ channel: channelId, ts, ...content(c) }));
    },
    async pin(channelId: string, ts: string): Promise<void> {
      await call('pins.add', () => client.pins.add({ channel: channelId, timestamp: ts }));
    },
    async joinChannel(channelId: string): Promise<void> {
      await call('conversations.join', () => client.conversations.join({ channel: channelId }));
    },
    async publishHome(userId: string, view: types.HomeView): Promise<void> {
      await call('views.publish', () => client.views.publish({ user_id: userId, view }));
    },
    async openModal(triggerId: string, view: types.ModalView): Promise<void> {
      await call('views.open', () => client.views.open({ trigger_id: triggerId, view }));
    },
    /**
     * A file upload in Slack's three steps, so the caller can record the file's id between them:
     * a retry then finishes the same file instead of uploading a second one.
     */
    async startUpload(filename: string, content: string): Promise<{ fileId: string; uploadUrl: string }> {
      const res = await call('files.getUploadURLExternal', () => client.files.getUploadURLExternal({ filename, length: Buffer.byteLength(content) }));
      if (!res?.file_id || !res.upload_url) throw new SlackApiError('files.getUploadURLExternal', 'no_upload_url_returned');
      return { fileId: res.file_id, uploadUrl: res.upload_url };
    },
    async sendUpload(uploadUrl: string, content: string): Promise<void> {
      let res: Response;
      try {
        res = await fetch(uploadUrl, { method: 'POST', body: Buffer.from(content), signal: AbortSignal.timeout(30_000) });
      } catch (err) {
        throw new SlackApiError('upload_url', 'request_failed', undefined, { cause: err });
      }
      if (!res.ok) throw new SlackApiError('upload_url', `http_${res.status}`);
    },
    /** Shares the uploaded file in the channel; Slack answers with the file's permalink. */
    async completeUpload(fileId: string, file: { channelId: string; title: string; comment: string }): Promise<{ permalink?: string }> {
      const res = await call('files.completeUploadExternal', () =>
        client.files.completeUploadExternal({ files: [{ id: fileId, title: file.title }], channel_id: file.channelId, initial_comment: file.comment }),
      );
      const permalink = res?.files?.[0]?.permalink;
      return permalink ? { permalink } : {};
    },
    /** Posts to a command's response_url (valid 30 minutes, 5 uses). */
    async respond(responseUrl: string, c: MessageContent): Promise<void> {
      let res: Response;
      try {
        res = await fetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', text: c.text, ...(c.blocks ? { blocks: c.blocks } : {}) }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        throw new SlackApiError('response_url', 'request_failed', undefined, { cause: err });
      }
      if (res.status === 429) throw new SlackApiError('response_url', 'ratelimited', Number(res.headers.get('retry-after') ?? 1));
      if (res.status >= 500) throw new SlackApiError('response_url', `http_${res.status}`);
      if (!res.ok) throw new SlackApiError('response_url', (await res.text()) || `http_${res.status}`);
    },
  };
}
export type SlackWrites = ReturnType<typeof createSlackWrites>;

/** Channel creation as the declaration use case sees it: Slack's answers as outcomes, its codes kept here. */
export function channelMaker(slack: Pick<SlackWrites, 'createChannel' | 'findOwnChannel' | 'channelInfo' | 'joinChannel'>): ChannelMaker {
  return {
    async create(name, opts) {
      try {
        return { channel: await slack.createChannel(name, opts) };
      } catch (err) {
        if (err instanceof SlackApiError && err.slackError === 'name_taken') return { taken: true };
        if (err instanceof SlackApiError && !err.transient) return { refused: err.slackError };
        throw err;
      }
    },
    findOwn: (name, since) => slack.findOwnChannel(name, since),
    async adopt(channelId, opts) {
      const info = await slack.channelInfo(channelId);
      if (!info) return { refused: 'not_visible' };
      if (info.isDirect) return { refused: 'direct_message' };
      if (info.isArchived) return { refused: 'archived' };
      if (opts?.private && !info.isPrivate) return { refused: 'public_channel' };
      // A public channel the bot is not in yet: it joins (already in, Slack answers ok with a warning).
      if (!info.isPrivate) await slack.joinChannel(channelId);
      return { channel: { id: info.id, name: info.name }, isPrivate: info.isPrivate };
    },
  };
}
