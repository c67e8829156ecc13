import type { Declaration, Effect } from '../domain/effects';
import type { CannotAdopt } from '../domain/notices';
import { AppError } from '../errors';
import type { UseCaseDeps } from './deps';
import type { ChannelMaker } from './ports/workspace';

/** How far back `--here` takes marked messages onto the timeline: the conversation that led to the declaration. */
export const ADOPT_LOOKBACK_MS = 24 * 60 * 60_000;

type Refusal = { refused: CannotAdopt; number?: number };

/**
 * `/incident start --here <title>`: the channel it is run in becomes the incident's. Refused at once
 * (nothing recorded, no number taken) in a direct message, in the announcements channel, and in a
 * channel that already is an incident's, open or closed; what only Slack can tell (the channel is
 * archived, private without the bot, public while `--private` was asked) is checked by the job.
 */
export async function requestAdoption(deps: Pick<UseCaseDeps, 'incidents' | 'settings'>, declaration: Declaration & { adoptChannelId: string }): Promise<Effect[]> {
  const refusal = await knownRefusal(deps, declaration.adoptChannelId);
  if (refusal) throw new AppError('CANNOT_ADOPT', cannotAdopt(refusal));
  return [{ type: 'declare', declaration }];
}

/**
 * The declaration job's adoption step: the same checks again (another declaration may have taken the
 * channel since), then Slack's view of the channel. A private channel makes a private incident; a
 * public one cannot be made private. The declaration comes back as it will be recorded.
 */
export async function adoptChannel(
  deps: Pick<UseCaseDeps, 'incidents' | 'settings'> & { channels: ChannelMaker },
  declaration: Declaration & { adoptChannelId: string },
): Promise<{ channel: { id: string; name: string }; declaration: Declaration } | Refusal> {
  const refusal = await knownRefusal(deps, declaration.adoptChannelId);
  if (refusal) return refusal;
  const adopted = await deps.channels.adopt(declaration.adoptChannelId, { private: declaration.private === true });
  if ('refused' in adopted) return { refused: adopted.refused };
  return { channel: adopted.channel, declaration: { ...declaration, ...(adopted.isPrivate ? { private: true } : {}) } };
}

/** A refusal as the error the person is shown. */
export const cannotAdopt = ({ refused, number }: Refusal) => ({ kind: 'cannot_adopt', reason: refused, ...(number !== undefined ? { number } : {}) }) as const;

async function knownRefusal(deps: Pick<UseCaseDeps, 'incidents' | 'settings'>, channelId: string): Promise<Refusal | undefined> {
  // Slack's ids say what a conversation is: `D…` is a direct message.
  if (channelId.startsWith('D')) return { refused: 'direct_message' };
  if (channelId === deps.settings.announcementsChannel) return { refused: 'announcements_channel' };
  const existing = await deps.incidents.findByChannel(channelId);
  return existing ? { refused: 'incident_channel', number: existing.number } : undefined;
}
