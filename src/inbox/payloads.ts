import { z } from 'zod';
import type { ChannelEvent } from '../domain/channelEvents';
import { SEVERITIES } from '../domain/commandTypes';
import type { Declaration } from '../domain/effects';

/** What the inbox keeps of each accepted Slack request: parsed, checked, text decoded. */
export type InboxPayload =
  | { type: 'channel_event'; event: ChannelEvent }
  | { type: 'command'; text: string; channelId: string; userId: string; responseUrl: string }
  /** The declaration's time is the item's receivedAt. */
  | { type: 'declare_form'; declaration: Omit<Declaration, 'at'> };

/*
 * An item read back from the database is checked before it is applied: a stored document is data from
 * outside this process (another version of the bot, a hand edit), not a value of the type it was
 * written as. Optional fields are `.optional()` so items stored before a field existed still pass.
 */
const posted = {
  channelId: z.string(),
  ts: z.string(),
  threadTs: z.string().optional(),
  userId: z.string(),
  botId: z.string().optional(),
  authorName: z.string().optional(),
  text: z.string(),
  files: z.array(z.object({ name: z.string(), link: z.string().optional() })).optional(),
};

const channelEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('reaction'),
    channelId: z.string(),
    messageTs: z.string(),
    itemUser: z.string(),
    userId: z.string(),
    emoji: z.string(),
    added: z.boolean(),
    eventTs: z.string(),
  }),
  z.object({ kind: z.literal('message'), ...posted }),
  z.object({ kind: z.literal('message_edited'), editTs: z.string(), ...posted }),
  z.object({ kind: z.literal('message_deleted'), channelId: z.string(), ts: z.string(), eventTs: z.string() }),
]) satisfies z.ZodType<ChannelEvent>;

const replyTarget = z.union([z.object({ responseUrl: z.string() }), z.object({ userId: z.string() })]);

const inboxPayload = z.discriminatedUnion('type', [
  z.object({ type: z.literal('channel_event'), event: channelEvent }),
  z.object({ type: z.literal('command'), text: z.string(), channelId: z.string(), userId: z.string(), responseUrl: z.string() }),
  z.object({
    type: z.literal('declare_form'),
    declaration: z.object({
      title: z.string(),
      userId: z.string(),
      severity: z.enum(SEVERITIES).optional(),
      impact: z.string().optional(),
      leadId: z.string().optional(),
      replyTo: replyTarget,
    }),
  }),
]) satisfies z.ZodType<InboxPayload>;

/** The payload of a stored item, checked; a description of what is wrong when it does not fit. */
export function readPayload(raw: unknown): { ok: true; payload: InboxPayload } | { ok: false; problem: string } {
  const parsed = inboxPayload.safeParse(raw);
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, problem: z.prettifyError(parsed.error).split('\n').slice(0, 3).join('; ') };
}
