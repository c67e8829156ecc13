import { incidentChannelName } from '../domain/channelName';
import type { Declaration, Effect, Job, Outcome } from '../domain/effects';
import type { Incident } from '../domain/incident';
import { LostLeaseError } from '../errors';
import type { UseCaseDeps } from './deps';
import { ADOPT_LOOKBACK_MS, adoptChannel, cannotAdopt } from './declareHere';
import type { ChannelMaker } from './ports/workspace';
import { reconcileChannel } from './reconcileChannel';

/**
 * `/incident start <title>` or the declaration form: nothing can be recorded
 * before the incident has a channel, so the declaration itself is the effect;
 * delivering it creates the channel and then calls `recordDeclaration`.
 */
export function requestDeclaration(declaration: Declaration): Effect[] {
  return [{ type: 'declare', declaration }];
}

/**
 * The incident, once its channel exists: stored with the declaration as its
 * first entry, then the channel set up (people, topic, pinned summary) and
 * the declaration announced. Safe to run again for the same channel.
 */
export async function recordDeclaration(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'settings' | 'log'>,
  d: Declaration,
  number: number,
  channel: { id: string; name: string },
  now: Date,
): Promise<{ incident: Incident; effects: Effect[] }> {
  const adopted = d.adoptChannelId !== undefined;
  const incident = await deps.incidents.create({
    number,
    title: d.title,
    channelId: channel.id,
    channelName: channel.name,
    declaredAt: now,
    declaredBy: d.userId,
    ...(d.severity ? { severity: d.severity } : {}),
    ...(d.impact ? { impact: d.impact } : {}),
    ...(d.leadId ? { roles: { lead: d.leadId } } : {}),
    ...(d.private ? { private: true } : {}),
    ...(adopted ? { historyFrom: new Date(d.at.getTime() - ADOPT_LOOKBACK_MS) } : {}),
  });
  await deps.timeline.add(
    { incidentId: incident.id, key: 'declared', kind: 'declared', source: 'system', at: incident.declaredAt, authorId: d.userId, fact: { kind: 'declared', title: d.title } },
    now,
  );
  deps.log.info(`incident #${incident.number} declared in #${channel.name} (${channel.id})`);
  // Whoever ran `--here` is in that channel already (Slack would refuse the invite whole).
  const people = [...new Set([...(adopted ? [] : [d.userId]), ...(d.leadId ? [d.leadId] : [])])];
  return {
    incident,
    effects: [
      ...(people.length > 0 ? [{ type: 'invite' as const, channelId: channel.id, userIds: people }] : []),
      { type: 'topic', channelId: channel.id, number: incident.number, title: d.title },
      { type: 'summary', incidentId: incident.id },
      ...(adopted ? [] : [{ type: 'reply' as const, to: d.replyTo, notice: { kind: 'declared' as const, number: incident.number, channelId: channel.id } }]),
    ],
  };
}

const MAX_NAME_ATTEMPTS = 10;

type DeclareJob = Extract<Job, { type: 'declare' }>;

/**
 * The declaration job: a number, then the channel, then the incident recorded in it. Each step is
 * saved as it is made (`save` returns false when another delivery took the job over, and this one
 * stops), so a retry resumes where the last try stopped: the same number, and a channel made once,
 * even when Slack made it but its answer was lost.
 */
export type DeclarationDeps = Pick<UseCaseDeps, 'incidents' | 'timeline' | 'transcript' | 'history' | 'settings' | 'log' | 'counters'> & { channels: ChannelMaker };

export async function runDeclaration(
  deps: DeclarationDeps,
  job: { id: string; effect: DeclareJob },
  save: (progress: DeclareJob) => Promise<boolean>,
  now: Date,
): Promise<Outcome> {
  let progress = job.effect;
  const step = async (next: DeclareJob) => {
    if (!(await save(next))) throw new LostLeaseError(job.id);
    progress = next;
  };
  const adoptChannelId = progress.declaration.adoptChannelId;
  if (adoptChannelId !== undefined && !progress.channel) {
    // `--here`: the channel is checked and joined before a number is taken, so a refusal costs none.
    const adopted = await adoptChannel(deps, { ...progress.declaration, adoptChannelId });
    if ('refused' in adopted) {
      const notice = { kind: 'error', message: cannotAdopt(adopted) } as const;
      return { dead: `channel ${adoptChannelId} not adopted (${adopted.refused})`, followUps: [{ type: 'reply', to: progress.declaration.replyTo, notice }] };
    }
    await step({ ...progress, declaration: adopted.declaration, channel: adopted.channel });
  }
  if (progress.number === undefined) await step({ ...progress, number: await deps.counters.next('incident') });
  const number = progress.number ?? 0;
  for (let attempt = progress.creating?.attempt ?? 1; !progress.channel; attempt++) {
    const name = incidentChannelName(deps.settings.channelPrefix, number, progress.declaration.title, attempt);
    // The name is recorded before the call: if the answer is lost, the next try knows the channel may be ours.
    const tried = progress.creating?.name === name ? progress.creating : undefined;
    if (!tried) await step({ ...progress, creating: { name, attempt, since: now } });
    const made = await deps.channels.create(name, { private: progress.declaration.private === true });
    if ('channel' in made) await step({ ...progress, channel: made.channel });
    else if ('refused' in made) {
      return { dead: `channel ${name} refused (${made.refused})`, followUps: [{ type: 'reply', to: progress.declaration.replyTo, notice: { kind: 'declare_failed', reason: made.refused } }] };
    } else {
      // Taken by our own earlier try (created by the bot since the name was recorded), or by someone else.
      const mine = tried ? await deps.channels.findOwn(name, tried.since) : undefined;
      if (mine) await step({ ...progress, channel: mine });
      else if (attempt >= MAX_NAME_ATTEMPTS) {
        return { dead: `no free channel name after ${attempt} tries`, followUps: [{ type: 'reply', to: progress.declaration.replyTo, notice: { kind: 'declare_failed', reason: 'name_taken' } }] };
      }
    }
  }
  const { incident, effects } = await recordDeclaration(deps, progress.declaration, number, progress.channel, progress.declaration.at);
  if (adoptChannelId === undefined) return { followUps: effects };
  // Marked messages of the conversation that led here join the timeline at their own times.
  const { recovered } = await reconcileChannel(deps, incident, now);
  return { followUps: [...effects, { type: 'reply', to: progress.declaration.replyTo, notice: { kind: 'adopted', number, channelId: incident.channelId, recovered } }] };
}
