import type { ActionItem, Incident, TimelineEntry } from '../domain/incident';
import { incidentTexts, mentionedUserIds, resolveMentions } from '../domain/mentions';
import { participantsOf, permalinkOf, readTimeline } from '../domain/timeline';
import type { UseCaseDeps } from './deps';

/** An incident's timeline as its postmortem draft shows it. */
export interface IncidentTimeline {
  /** The incident as stored now (the one given, if it is gone). */
  incident: Incident;
  /** Kinds from reactions, texts from the transcript or the fact in words, mentions shown as names. */
  entries: TimelineEntry[];
  /** Stored actions, then messages marked as follow-ups; mentions shown as names. */
  actions: ActionItem[];
  /** Everyone who wrote in the channel, by id, in the order they first did. */
  participants: string[];
  /** Every person the incident, its timeline, its actions and its channel name: id → name. */
  names: Map<string, string>;
  workspaceUrl?: string;
}

export type ReadTimelineDeps = Pick<UseCaseDeps, 'incidents' | 'timeline' | 'transcript' | 'people' | 'workspaceUrl' | 'renderer' | 'settings'>;

/**
 * Reads what was recorded for an incident and shows it as people will read
 * it: the one read path of the draft (and of anything that must agree with
 * it). Stored text keeps Slack's markup; this resolves it.
 */
export async function readIncidentTimeline(deps: ReadTimelineDeps, given: Incident): Promise<IncidentTimeline> {
  const [fresh, recorded, transcript, stored, workspace] = await Promise.all([
    deps.incidents.findById(given.id),
    deps.timeline.list(given.id),
    deps.transcript.listChannel(given.channelId),
    deps.timeline.listActions(given.id),
    deps.workspaceUrl(),
  ]);
  const incident = fresh ?? given;
  // Messages added with the shortcut may be in any channel: read by their own ids.
  const addedRefs = recorded.flatMap((e) => (e.fact?.kind === 'message' ? [{ channelId: e.fact.channelId, ts: e.fact.ts }] : []));
  const addedMessages = new Map((await deps.transcript.findMany(addedRefs)).map((m) => [`${m.channelId}:${m.ts}`, m]));
  const read = readTimeline(recorded, new Map(transcript.map((m) => [m.ts, m])), deps.settings.reactionKinds, { messages: addedMessages, channelId: incident.channelId });
  const participants = participantsOf(transcript);
  const actions = [...stored, ...read.followUps];
  // Facts in words with people as mentions, so every person they name is looked up with the rest.
  const asMentions = (e: (typeof read.entries)[number]) => (e.fact ? deps.renderer.describe(e.fact, (id) => `<@${id}>`) : e.text);
  const texts = [...incidentTexts(incident), ...read.entries.map(asMentions), ...read.entries.flatMap((e) => (e.note ? [e.note] : [])), ...actions.map((a) => a.text)];
  const ids = new Set<string>([
    incident.declaredBy,
    ...(incident.closedBy ? [incident.closedBy] : []),
    ...Object.values(incident.roles).filter((id): id is string => Boolean(id)),
    ...actions.flatMap((a) => (a.ownerId ? [a.ownerId] : [])),
    ...participants,
    ...read.entries.flatMap((e) => (e.authorName ? [] : [e.authorId])),
    ...texts.flatMap(mentionedUserIds),
  ]);
  const names = new Map(await Promise.all([...ids].map(async (id) => [id, await deps.people.userName(id)] as const)));
  const shown = (text: string) => resolveMentions(text, names);
  const nameOf = (id: string) => names.get(id) ?? id;
  const entries = read.entries.map((e) => ({
    ...e,
    // What commands and the bot recorded is worded now, by the draft's renderer: never stored words.
    text: shown(e.fact ? deps.renderer.describe(e.fact, nameOf) : e.text),
    authorName: e.authorName ?? nameOf(e.authorId),
    ...(e.note ? { note: shown(e.note) } : {}),
    ...(workspace && e.messageTs ? { permalink: permalinkOf(workspace, incident.channelId, e.messageTs, e.threadTs) } : {}),
  }));
  return {
    incident,
    entries,
    actions: actions.map((a) => ({ ...a, text: shown(a.text) })),
    participants,
    names,
    ...(workspace ? { workspaceUrl: workspace } : {}),
  };
}
