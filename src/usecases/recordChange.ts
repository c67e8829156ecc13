import type { Effect } from '../domain/effects';
import type { Incident, IncidentChanges, TimelineKind } from '../domain/incident';
import type { Notice } from '../domain/notices';
import type { CommandContext, UseCaseDeps } from './deps';

export interface Change {
  entry: { kind: TimelineKind; text: string; at?: Date };
  changes?: IncidentChanges;
  /** For the caller only. */
  reply: Notice;
  /** For everyone in the channel. */
  post?: Notice;
}

/**
 * Records one command: its timeline entry (keyed by the invocation, so the
 * same command applied twice records once) and the incident's new fields.
 * What people see follows from it: the summary brought up to date, the reply,
 * and a post in the channel for changes everyone should see.
 */
export async function recordChange(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline'>,
  incident: Incident,
  ctx: CommandContext,
  change: Change,
): Promise<Effect[]> {
  await deps.timeline.add({
    incidentId: incident.id,
    key: ctx.key,
    kind: change.entry.kind,
    source: 'command',
    at: change.entry.at ?? ctx.now,
    authorId: ctx.userId,
    text: change.entry.text,
  });
  await deps.incidents.update(incident.id, { ...change.changes, lastActivityAt: ctx.now });
  return [
    { type: 'summary', incidentId: incident.id },
    ...(change.post ? [{ type: 'post' as const, channelId: incident.channelId, notice: change.post }] : []),
    { type: 'reply', to: { responseUrl: ctx.responseUrl }, notice: change.reply },
  ];
}

/** A change already recorded by this invocation (the item is being applied again after a crash). */
export const alreadyRecorded = (deps: Pick<UseCaseDeps, 'timeline'>, incident: Incident, ctx: CommandContext) =>
  deps.timeline.has(incident.id, ctx.key);

export const reply = (ctx: CommandContext, notice: Notice): Effect => ({ type: 'reply', to: { responseUrl: ctx.responseUrl }, notice });
