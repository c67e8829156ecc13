import { z } from 'zod';

/** The parts of Slack's event payloads the bot relies on, checked instead of cast. */

const ts = z.string().regex(/^\d+\.\d+$/);

export const reactionEvent = z.object({
  type: z.enum(['reaction_added', 'reaction_removed']),
  user: z.string(),
  reaction: z.string(),
  item_user: z.string().optional(),
  item: z.object({ type: z.literal('message'), channel: z.string(), ts }),
  event_ts: ts,
});

/** A person's message: no subtype (or one that still is a person talking), not from a bot. */
export const humanMessageEvent = z.object({
  type: z.literal('message'),
  subtype: z.enum(['thread_broadcast', 'file_share', 'me_message']).optional(),
  channel: z.string(),
  user: z.string(),
  text: z.string().default(''),
  ts,
  thread_ts: ts.optional(),
  bot_id: z.never().optional(),
});

const editedMessage = z.object({
  user: z.string(),
  text: z.string().default(''),
  ts,
  thread_ts: ts.optional(),
  bot_id: z.never().optional(),
  edited: z.object({ ts }).optional(),
});

export const messageChangedEvent = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_changed'),
  channel: z.string(),
  message: editedMessage,
  ts,
  event_ts: ts.optional(),
});

export const messageDeletedEvent = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_deleted'),
  channel: z.string(),
  deleted_ts: ts,
  ts,
  event_ts: ts.optional(),
});
