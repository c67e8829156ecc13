import type { Effect, Outcome, SlackEffect } from '../domain/effects';
import type { Incident, PostmortemDraft } from '../domain/incident';
import { incidentTexts, mentionedUserIds, resolveMentions, showIncident } from '../domain/mentions';
import type { Notice } from '../domain/notices';
import { LostLeaseError, SlackApiError } from '../errors';
import type { OutboxJob } from '../outbox/store';
import { truncate } from './escape';
import type { HomeModel } from '../usecases/appHome';
import { buildAnnouncement } from './presenters/announcement';
import { buildHomeView } from './presenters/home';
import { noticeBlocks } from './presenters/actions';
import { presentNotice } from './presenters/notices';
import { buildSummaryMessage } from './presenters/summary';
import { presentUpload } from './presenters/upload';
import type { MessageContent, PostMarker, SlackWrites } from './webApi';

export interface EffectDeliveryDeps {
  slack: SlackWrites;
  /** What the words need: the incident as it now is, a stored draft, people's names. */
  read: {
    incident(id: string): Promise<Incident | null>;
    draft(incidentId: string, version: number): Promise<PostmortemDraft | null>;
    userName(userId: string): Promise<string>;
    /** What one person's App Home shows now. */
    home(userId: string): Promise<HomeModel>;
  };
  /** Records where a post made once landed (the summary's or the announcement's ts): its delivery, not a fact. */
  recordPost(incidentId: string, which: 'summary' | 'announcement', ts: string): Promise<void>;
  /** Records where an uploaded draft can be opened (App Home links it): its delivery, not a fact. */
  recordUpload(incidentId: string, version: number, permalink: string): Promise<void>;
  /** Records a step of a delivery made of several (an upload's file id); false when the job was taken over. */
  saveProgress(job: OutboxJob, effect: Effect): Promise<boolean>;
  settings: { timezone: string; timelineEmoji: string; announcementsChannel: string | undefined };
  now(): Date;
  log: { info(...a: unknown[]): void };
}

const TOPIC_MAX = 250;
/** The summary message can no longer be edited: post a new one and pin it. */
const SUMMARY_GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed', 'msg_too_long']);
/** The channel itself is unusable for good. */
const CHANNEL_GONE = new Set(['is_archived', 'channel_not_found', 'not_in_channel', 'restricted_action']);
/** A response_url that will never work again. */
const URL_GONE = new Set(['expired_url', 'used_url', 'invalid_url', 'no_service', 'http_404']);

const codeOf = (err: unknown) => (err instanceof SlackApiError ? err.slackError : undefined);

/**
 * Turns a Slack effect into Web API calls, and nothing more: words and blocks
 * from the presenters, Slack's permanent errors handled as a person would
 * expect (a summary someone deleted is posted and pinned again; an archived
 * channel is skipped). Transient errors are thrown for the outbox to retry.
 * It writes nothing but where its posts landed and an upload's progress.
 */
export function createEffectDelivery(deps: EffectDeliveryDeps): (job: OutboxJob & { effect: SlackEffect }) => Promise<Outcome> {
  const { slack, settings } = deps;

  const names = async (texts: string[], ids: string[] = []) =>
    new Map(await Promise.all([...new Set([...texts.flatMap(mentionedUserIds), ...ids])].map(async (id) => [id, await deps.read.userName(id)] as const)));
  /** A notice as a message: its words, and blocks where it has buttons. */
  const noticeContent = async (n: Notice): Promise<MessageContent> => {
    const own = [...('text' in n && typeof n.text === 'string' ? [n.text] : []), ...('title' in n && typeof n.title === 'string' ? [n.title] : [])];
    const texts = n.kind === 'open_incidents' ? n.incidents.map((i) => i.title) : n.kind === 'action_list' ? [...n.actions.map((a) => a.text), ...n.markedFollowUps] : own;
    const ctx = { timezone: settings.timezone, timelineEmoji: settings.timelineEmoji, names: await names(texts) };
    const blocks = noticeBlocks(n, ctx);
    return { text: presentNotice(n, ctx), ...(blocks ? { blocks } : {}) };
  };
  /** The incident as people should read it: user text with mentions shown as names. */
  const shown = async (incident: Incident) => showIncident(incident, await names(incidentTexts(incident)));
  const swallow = async (codes: Set<string>, call: () => Promise<unknown>): Promise<string | undefined> => {
    try {
      await call();
      return undefined;
    } catch (err) {
      const code = codeOf(err);
      if (code && codes.has(code)) return code;
      throw err;
    }
  };

  /**
   * A post made at most once (the summary, the announcement) may have been made by a delivery that
   * then failed before saving its ts; only a job tried before in this streak can be in that state, so
   * only then is the channel searched for the post's marker.
   */
  const lostPost = (job: OutboxJob, channelId: string, marker: PostMarker) => (job.attempts > 1 ? slack.findMarkedPost(channelId, marker) : Promise.resolve(undefined));

  async function summary(job: OutboxJob, incidentId: string): Promise<Outcome> {
    const incident = await deps.read.incident(incidentId);
    if (!incident) return { dead: 'incident not found' };
    const content = buildSummaryMessage(await shown(incident), { ...settings, now: deps.now() });
    // A private incident is never announced: its channel, title and people stay with its members.
    const next: Effect[] = settings.announcementsChannel && !incident.private ? [{ type: 'announcement', incidentId }] : [];
    if (incident.summaryTs) {
      const gone = await swallow(new Set([...SUMMARY_GONE, ...CHANNEL_GONE]), () => slack.updateMessage(incident.channelId, incident.summaryTs ?? '', content));
      if (!gone) return { followUps: next };
      if (CHANNEL_GONE.has(gone)) return { dead: `incident channel unusable (${gone})` };
    }
    const posted = await swallow(CHANNEL_GONE, async () => {
      const marker = { type: 'incident_summary', incidentId: incident.id } as const;
      // A first summary may have been posted by a delivery that failed before saving its ts: find it, never post twice.
      const lost = incident.summaryTs ? undefined : await lostPost(job, incident.channelId, marker);
      const ts = lost ?? (await slack.postMarked(incident.channelId, content, marker));
      if (lost) await slack.updateMessage(incident.channelId, lost, content);
      await deps.recordPost(incident.id, 'summary', ts);
      await slack.pin(incident.channelId, ts);
    });
    return posted ? { dead: `incident channel unusable (${posted})` } : { followUps: next };
  }

  async function announcement(job: OutboxJob, incidentId: string): Promise<Outcome> {
    const channel = settings.announcementsChannel;
    const incident = await deps.read.incident(incidentId);
    if (!channel || !incident || incident.private) return { dead: 'nothing to announce' };
    const content = buildAnnouncement(await shown(incident), settings);
    const gone = await swallow(new Set([...CHANNEL_GONE, ...SUMMARY_GONE]), async () => {
      if (incident.announcementTs) return slack.updateMessage(channel, incident.announcementTs, content);
      const marker = { type: 'incident_announcement', incidentId: incident.id } as const;
      const joined = <T>(call: () => Promise<T>) =>
        call().catch(async (err: unknown) => {
          if (codeOf(err) !== 'not_in_channel') throw err;
          await slack.joinChannel(channel);
          return call();
        });
      // Posted already by a delivery that failed before saving its ts? Then that post is the announcement.
      const lost = await joined(() => lostPost(job, channel, marker));
      if (lost) await slack.updateMessage(channel, lost, content);
      const ts = lost ?? (await joined(() => slack.postMarked(channel, content, marker)));
      await deps.recordPost(incident.id, 'announcement', ts);
    });
    if (!gone) return {};
    if (incident.announcementTs) return { dead: `announcement in ${channel} not updated (${gone})` };
    return {
      dead: `announcement in ${channel} not posted (${gone})`,
      followUps: [{ type: 'post', channelId: incident.channelId, notice: { kind: 'announce_failed', channelId: channel, reason: gone } }],
    };
  }

  async function upload(job: OutboxJob, effect: Extract<SlackEffect, { type: 'upload' }>): Promise<Outcome> {
    const [incident, draft] = await Promise.all([deps.read.incident(effect.incidentId), deps.read.draft(effect.incidentId, effect.version)]);
    if (!incident || !draft) return { dead: `draft v${effect.version} of incident ${effect.incidentId} not found` };
    const file = presentUpload(incident, draft.markdown, effect.version, effect.by, effect.figures);
    const gone = await swallow(CHANNEL_GONE, async () => {
      // The file's id is recorded before its bytes go: a retry finishes this file, never uploads a second.
      let recorded = effect.file;
      if (!recorded) {
        recorded = await slack.startUpload(file.filename, file.content);
        if (!(await deps.saveProgress(job, { ...effect, file: recorded }))) throw new LostLeaseError(job.id);
      }
      const { fileId, uploadUrl } = recorded;
      const sent = await slack.sendUpload(uploadUrl, file.content).then(
        () => true,
        (err: unknown) => (codeOf(err) === 'http_404' ? false : Promise.reject(err)), // completed by an earlier try
      );
      if (!sent) return;
      await swallow(new Set(['file_not_found']), async () => {
        const shared = await slack.completeUpload(fileId, { channelId: incident.channelId, title: file.title, comment: file.comment });
        if (shared.permalink) await deps.recordUpload(incident.id, effect.version, shared.permalink);
      });
    });
    deps.log.info(`incident #${incident.number}: postmortem v${effect.version} ${gone ? `not uploaded (${gone})` : 'uploaded'}`);
    const reply: Effect[] = effect.replyTo ? [{ type: 'reply', to: effect.replyTo, notice: { kind: 'draft_posted', version: effect.version, recovered: effect.recovered ?? 0 } }] : [];
    return { followUps: reply };
  }

  return async (job) => {
    const e = job.effect;
    switch (e.type) {
      case 'summary':
        return summary(job, e.incidentId);
      case 'announcement':
        return announcement(job, e.incidentId);
      case 'post': {
        const gone = await swallow(CHANNEL_GONE, async () => slack.postMessage(e.channelId, await noticeContent(e.notice)));
        return gone ? { dead: `channel ${e.channelId} unusable (${gone})` } : {};
      }
      case 'reply': {
        const content = await noticeContent(e.notice);
        if ('userId' in e.to) {
          const { userId, channelId } = e.to;
          // In a channel, only they see it; with no channel (a form), or if they have left it, their DM with the bot.
          const left = channelId ? await swallow(new Set([...CHANNEL_GONE, 'user_not_in_channel']), () => slack.postEphemeral(channelId, userId, content)) : 'no channel';
          if (left) await slack.postMessage(userId, content);
          return {};
        }
        const gone = await swallow(URL_GONE, () => slack.respond('responseUrl' in e.to ? e.to.responseUrl : '', content));
        return gone ? { dead: `response_url refused (${gone})` } : {};
      }
      case 'invite': {
        const gone = await swallow(new Set([...CHANNEL_GONE, 'user_not_found', 'user_is_restricted']), () => slack.invite(e.channelId, e.userIds));
        return gone ? { dead: `invite refused (${gone})` } : {};
      }
      case 'topic': {
        const title = resolveMentions(e.title, await names([e.title]));
        const gone = await swallow(CHANNEL_GONE, () => slack.setTopic(e.channelId, truncate(`Incident #${e.number}: ${title}`, TOPIC_MAX)));
        return gone ? { dead: `topic not set (${gone})` } : {};
      }
      case 'upload':
        return upload(job, e);
      case 'home': {
        const view = buildHomeView(await deps.read.home(e.userId), settings);
        const gone = await swallow(new Set(['user_not_found', 'not_allowed_token_type', 'account_inactive']), () => slack.publishHome(e.userId, view));
        return gone ? { dead: `App Home not published (${gone})` } : {};
      }
    }
  };
}
