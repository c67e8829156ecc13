import { incidentChannelName } from '../domain/channelName';
import type { Effect } from '../domain/effects';
import type { Incident } from '../domain/incident';
import { incidentTexts, mentionedUserIds, resolveMentions, showIncident } from '../domain/mentions';
import type { Notice } from '../domain/notices';
import type { OutboxJob } from '../db/outbox';
import { SlackApiError } from '../errors';
import type { DeliveryResult } from '../outbox/runner';
import { recordDeclaration } from '../usecases/declareIncident';
import type { UseCaseDeps } from '../usecases/deps';
import { draftPostmortem } from '../usecases/draftPostmortem';
import { truncate } from './escape';
import { buildAnnouncement } from './presenters/announcement';
import { presentNotice } from './presenters/notices';
import { buildSummaryMessage } from './presenters/summary';
import { presentUpload } from './presenters/upload';
import type { SlackWrites } from './webApi';

export interface EffectDeliveryDeps {
  slack: SlackWrites;
  useCases: UseCaseDeps;
  /** Saves a multi-step job's progress (a declaration's number and channel). */
  saveProgress(job: OutboxJob, effect: Effect): Promise<void>;
  now(): Date;
}

const MAX_NAME_ATTEMPTS = 10;
const TOPIC_MAX = 250;
/** The summary message can no longer be edited: post a new one and pin it. */
const SUMMARY_GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed', 'msg_too_long']);
/** The channel itself is unusable for good. */
const CHANNEL_GONE = new Set(['is_archived', 'channel_not_found', 'not_in_channel', 'restricted_action']);
/** A response_url that will never work again. */
const URL_GONE = new Set(['expired_url', 'used_url', 'invalid_url', 'no_service', 'http_404']);

const codeOf = (err: unknown) => (err instanceof SlackApiError ? err.slackError : undefined);

/**
 * Turns an outbox job into Web API calls: words and blocks from the
 * presenters, Slack's permanent errors handled as a person would expect (a
 * summary someone deleted is posted and pinned again; an archived channel is
 * skipped). Transient errors are thrown for the outbox to retry.
 */
export function createEffectDelivery(deps: EffectDeliveryDeps): (job: OutboxJob) => Promise<DeliveryResult> {
  const { slack, useCases } = deps;
  const { settings } = useCases;

  const names = async (texts: string[], ids: string[] = []) =>
    new Map(await Promise.all([...new Set([...texts.flatMap(mentionedUserIds), ...ids])].map(async (id) => [id, await useCases.people.userName(id)] as const)));
  const noticeText = async (n: Notice) => {
    const texts = 'text' in n && typeof n.text === 'string' ? [n.text] : n.kind === 'open_incidents' ? n.incidents.map((i) => i.title) : [];
    return presentNotice(n, { timezone: settings.timezone, timelineEmoji: settings.timelineEmoji, names: await names(texts) });
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

  async function summary(incidentId: string): Promise<DeliveryResult> {
    const incident = await useCases.incidents.findById(incidentId);
    if (!incident) return { dead: 'incident not found' };
    const content = buildSummaryMessage(await shown(incident), { ...settings, now: deps.now() });
    const next: Effect[] = settings.announcementsChannel ? [{ type: 'announcement', incidentId }] : [];
    if (incident.summaryTs) {
      const gone = await swallow(new Set([...SUMMARY_GONE, ...CHANNEL_GONE]), () => slack.updateMessage(incident.channelId, incident.summaryTs ?? '', content));
      if (!gone) return { followUps: next };
      if (CHANNEL_GONE.has(gone)) return { dead: `incident channel unusable (${gone})` };
    }
    const posted = await swallow(CHANNEL_GONE, async () => {
      const ts = await slack.postMessage(incident.channelId, content);
      await useCases.incidents.setSummaryTs(incident.id, ts);
      await slack.pin(incident.channelId, ts);
    });
    return posted ? { dead: `incident channel unusable (${posted})` } : { followUps: next };
  }

  async function announcement(incidentId: string): Promise<DeliveryResult> {
    const channel = settings.announcementsChannel;
    const incident = await useCases.incidents.findById(incidentId);
    if (!channel || !incident) return { dead: 'nothing to announce' };
    const content = buildAnnouncement(await shown(incident), settings);
    const gone = await swallow(new Set([...CHANNEL_GONE, ...SUMMARY_GONE]), async () => {
      if (incident.announcementTs) return slack.updateMessage(channel, incident.announcementTs, content);
      const post = () => slack.postMessage(channel, content);
      const ts = await post().catch(async (err: unknown) => {
        if (codeOf(err) !== 'not_in_channel') throw err;
        await slack.joinChannel(channel);
        return post();
      });
      await useCases.incidents.setAnnouncementTs(incident.id, ts);
    });
    if (!gone) return {};
    if (incident.announcementTs) return { dead: `announcement in ${channel} not updated (${gone})` };
    return {
      dead: `announcement in ${channel} not posted (${gone})`,
      followUps: [{ type: 'post', channelId: incident.channelId, notice: { kind: 'announce_failed', channelId: channel, reason: gone } }],
    };
  }

  async function declare(job: OutboxJob, effect: Extract<Effect, { type: 'declare' }>): Promise<DeliveryResult> {
    let progress = effect;
    if (progress.number === undefined) {
      progress = { ...progress, number: await useCases.counters.next('incident') };
      await deps.saveProgress(job, progress);
    }
    const number = progress.number ?? 0;
    if (!progress.channel) {
      for (let attempt = 1; !progress.channel; attempt++) {
        const name = incidentChannelName(settings.channelPrefix, number, progress.declaration.title, attempt);
        try {
          progress = { ...progress, channel: await slack.createChannel(name) };
        } catch (err) {
          if (codeOf(err) !== 'name_taken' || attempt >= MAX_NAME_ATTEMPTS) {
            if (err instanceof SlackApiError && !err.transient) {
              return { dead: err.message, followUps: [{ type: 'reply', to: progress.declaration.replyTo, notice: { kind: 'declare_failed', reason: err.slackError } }] };
            }
            throw err;
          }
        }
      }
      await deps.saveProgress(job, progress);
    }
    const { effects } = await recordDeclaration(useCases, progress.declaration, number, progress.channel, progress.declaration.at);
    return { followUps: effects };
  }

  async function draft(job: OutboxJob, effect: Extract<Effect, { type: 'draft' }>): Promise<DeliveryResult> {
    const made = await draftPostmortem(useCases, { key: job.id, ...effect }, deps.now());
    if (!made) return { dead: 'incident not found' };
    const incident = await useCases.incidents.findById(effect.incidentId);
    if (!incident) return { dead: 'incident not found' };
    const gone = await swallow(CHANNEL_GONE, () => slack.uploadFile(incident.channelId, presentUpload(incident, made.composed, made.draft.version, effect.by)));
    useCases.log.info(`incident #${incident.number}: postmortem v${made.draft.version} stored${gone ? ` but not uploaded (${gone})` : ' and uploaded'}`);
    const reply: Effect[] = effect.replyTo ? [{ type: 'reply', to: effect.replyTo, notice: { kind: 'draft_posted', version: made.draft.version, recovered: made.recovered } }] : [];
    return { followUps: reply };
  }

  return async (job) => {
    const e = job.effect;
    switch (e.type) {
      case 'summary':
        return summary(e.incidentId);
      case 'announcement':
        return announcement(e.incidentId);
      case 'post': {
        const gone = await swallow(CHANNEL_GONE, async () => slack.postMessage(e.channelId, { text: await noticeText(e.notice) }));
        return gone ? { dead: `channel ${e.channelId} unusable (${gone})` } : {};
      }
      case 'reply': {
        const text = await noticeText(e.notice);
        if ('userId' in e.to) {
          // A form has no response_url: the answer goes to the person's DM with the bot.
          await slack.postMessage(e.to.userId, { text });
          return {};
        }
        const gone = await swallow(URL_GONE, () => slack.respond('responseUrl' in e.to ? e.to.responseUrl : '', text));
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
      case 'declare':
        return declare(job, e);
      case 'draft':
        return draft(job, e);
    }
  };
}
