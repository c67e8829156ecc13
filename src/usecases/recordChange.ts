import type { Effect } from '../domain/effects';
import { kindOfFact, type Incident, type IncidentChanges, type TimelineFact } from '../domain/incident';
import type { Notice } from '../domain/notices';
import type { CommandContext, UseCaseDeps } from './deps';

export interface Change {
  /** What happened, as data: the timeline entry. */
  fact: TimelineFact;
  /** When it happened, if not when it was asked for (a backdated note, a stated impact start). */
  at?: Date;
  changes?: IncidentChanges;
  /** For the caller only. */
  reply: Notice;
  /** For everyone in the channel. */
  post?: Notice;
}

/**
 * Records one command: its timeline entry (keyed by the invocation, so the
 * same command applied twice records once) and the incident's new fields
 * (kept only if no later-received command changed them already). What people
 * see follows from the change alone, so applying the same command again after
 * a crash, with the change rebuilt from the fact it recorded, yields the same
 * effects under the same ids: the summary brought up to date, the reply, and
 * a post in the channel for changes everyone should see.
 */
export async function recordChange(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline'>,
  incident: Incident,
  ctx: CommandContext,
  change: Change,
): Promise<Effect[]> {
  await deps.timeline.add(
    {
      incidentId: incident.id,
      key: ctx.key,
      kind: kindOfFact(change.fact),
      source: 'command',
      at: change.at ?? ctx.now,
      authorId: ctx.userId,
      fact: change.fact,
      order: ctx.order,
    },
    ctx.now,
  );
  await deps.incidents.apply(incident.id, change.changes ?? {}, ctx.order, ctx.now);
  return [
    { type: 'summary', incidentId: incident.id },
    ...(change.post ? [{ type: 'post' as const, channelId: incident.channelId, notice: change.post }] : []),
    reply(ctx, change.reply),
  ];
}

/**
 * The fact this invocation recorded already, if it was applied before (a crash, or a replica
 * that took over a stalled apply): the command is then finished from that fact, not decided again.
 */
export async function recordedFact<K extends TimelineFact['kind']>(
  deps: Pick<UseCaseDeps, 'timeline'>,
  incident: Incident,
  ctx: CommandContext,
  kind: K,
): Promise<Extract<TimelineFact, { kind: K }> | undefined> {
  const fact = (await deps.timeline.get(incident.id, ctx.key))?.fact;
  return fact?.kind === kind ? (fact as Extract<TimelineFact, { kind: K }>) : undefined;
}

export const reply = (ctx: CommandContext, notice: Notice): Effect => ({ type: 'reply', to: ctx.replyTo, notice });
