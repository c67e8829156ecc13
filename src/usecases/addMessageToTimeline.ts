import type { Effect } from '../domain/effects';
import { addedMessageKey, type Incident, type TimelineFact } from '../domain/incident';
import { carriesContent, readMessage } from '../domain/messageContent';
import type { MessageCategory } from '../domain/reactions';
import { slackTsToDate } from '../domain/slackTime';
import { AppError } from '../errors';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireMember } from './incidentAccess';
import { reply } from './recordChange';

export interface AddedMessage {
  incidentId: string;
  message: { channelId: string; ts: string; threadTs?: string };
  category: MessageCategory;
  /** When it happened, if the person changed it; else the message's own time. */
  at?: Date;
  note?: string;
}

type Deps = Pick<UseCaseDeps, 'incidents' | 'timeline' | 'transcript' | 'history' | 'people' | 'settings'>;

/**
 * "Add to incident timeline", the message shortcut: a message from any channel
 * becomes an entry of an open incident, by a member of its channel. The message
 * is read from Slack as it is now and kept in the transcript, so the entry shows
 * its latest words and author, and disappears when it is deleted, as a marked
 * message does. One entry per message (keyed by it): a second add is answered
 * "already there", while the same request applied again finishes as it began.
 */
export async function addMessageToTimeline(deps: Deps, ctx: CommandContext, input: AddedMessage): Promise<Effect[]> {
  const incident = await deps.incidents.findById(input.incidentId);
  if (!incident) throw new AppError('INCIDENT_NOT_FOUND', { kind: 'incident_not_found' });
  if (incident.status === 'closed') throw new AppError('INCIDENT_CLOSED', { kind: 'incident_closed', number: incident.number });
  await requireMember(deps, incident, ctx.userId);
  const { channelId, ts } = input.message;
  const key = addedMessageKey(channelId, ts);
  const before = await deps.timeline.get(incident.id, key);
  if (before) return finish(incident, ctx, before.fact, before.at, (await deps.transcript.find(channelId, ts))?.files?.length);

  const found = await deps.history.message(channelId, ts, input.message.threadTs);
  if (!found || !carriesContent(found.subtype)) throw new AppError('MESSAGE_NOT_FOUND', { kind: 'message_not_found' });
  const { files, ...record } = readMessage(found.message);
  const threadTs = found.threadTs && found.threadTs !== ts ? found.threadTs : undefined;
  // The version read now: a later edit or the deletion (later revs) wins over it, an older redelivered one does not.
  await deps.transcript.save(
    [{ channelId, ts, ...record, rev: found.editedTs ?? ts, ...(files.length > 0 ? { files } : {}), ...(threadTs ? { threadTs } : {}) }],
    ctx.now,
  );
  const permalink = await deps.history.permalink(channelId, ts);
  const at = input.at ?? slackTsToDate(ts);
  const fact: TimelineFact = {
    kind: 'message',
    category: input.category,
    channelId,
    ts,
    addedBy: ctx.userId,
    request: ctx.key,
    ...(threadTs ? { threadTs } : {}),
    ...(permalink ? { permalink } : {}),
    ...(input.note ? { note: input.note } : {}),
  };
  const entry = { incidentId: incident.id, key, kind: input.category, source: 'shortcut' as const, at, authorId: record.userId || record.botId || '', fact, order: ctx.order };
  if (await deps.timeline.add(entry, ctx.now)) {
    await deps.incidents.touch([incident.id], ctx.now);
    return finish(incident, ctx, fact, at, files.length);
  }
  // Someone else added it meanwhile (or this request, applied twice at once): whichever landed decides.
  const landed = await deps.timeline.get(incident.id, key);
  return finish(incident, ctx, landed?.fact, landed?.at ?? at, files.length);
}

/** The same answer however often one request is applied; another request for a message already there hears so. */
async function finish(incident: Incident, ctx: CommandContext, fact: TimelineFact | undefined, at: Date, files?: number): Promise<Effect[]> {
  if (fact?.kind !== 'message' || fact.request !== ctx.key) return [reply(ctx, { kind: 'message_already_added', number: incident.number, channelId: incident.channelId })];
  return [
    { type: 'summary', incidentId: incident.id },
    reply(ctx, { kind: 'message_added', number: incident.number, channelId: incident.channelId, at, files: files ?? 0 }),
  ];
}
