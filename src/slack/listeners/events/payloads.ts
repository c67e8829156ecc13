import { z } from 'zod';
import type { AttachmentPart, BlockPart, FilePart, RichElement } from '../../../domain/messageContent';

/**
 * The parts of Slack's payloads the bot relies on, checked instead of cast.
 * Messages are read leniently: a block, attachment or file of a shape the bot
 * does not know is left out, never the whole message.
 */

const ts = z.string().regex(/^\d+\.\d+$/);

/** An optional field that, when it is not what was expected, counts as absent. */
const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** A list keeping the items that pass, dropping the others. */
const listOf = <T>(item: z.ZodType<T>) =>
  z
    .array(z.unknown())
    .transform((items) => items.flatMap((i) => {
      const r = item.safeParse(i);
      return r.success ? [r.data] : [];
    }))
    .optional()
    .catch(undefined);

const textObject = z.object({ type: z.string(), text: z.string() });

const richElement: z.ZodType<RichElement> = z.lazy(() =>
  z.object({
    type: z.string(),
    text: opt(z.string()),
    user_id: opt(z.string()),
    channel_id: opt(z.string()),
    usergroup_id: opt(z.string()),
    range: opt(z.string()),
    url: opt(z.string()),
    name: opt(z.string()),
    fallback: opt(z.string()),
    style: opt(z.string()),
    elements: listOf(richElement),
  }),
);

const block: z.ZodType<BlockPart> = z.object({
  type: z.string(),
  text: opt(textObject),
  fields: listOf(textObject),
  elements: listOf(richElement),
});

const attachment: z.ZodType<AttachmentPart> = z.object({
  pretext: opt(z.string()),
  title: opt(z.string()),
  title_link: opt(z.string()),
  text: opt(z.string()),
  fields: listOf(z.object({ title: opt(z.string()), value: opt(z.string()) })),
  fallback: opt(z.string()),
  author_name: opt(z.string()),
  blocks: listOf(block),
});

const file: z.ZodType<FilePart> = z.object({
  name: opt(z.string()),
  title: opt(z.string()),
  permalink: opt(z.string()),
  url_private: opt(z.string()),
});

/** A message as events and history give it: who posted it and what it shows (text entity-encoded). */
export const slackMessage = z.object({
  ts,
  subtype: opt(z.string()),
  user: opt(z.string()),
  bot_id: opt(z.string()),
  username: opt(z.string()),
  bot_profile: opt(z.object({ name: opt(z.string()) })),
  text: z.string().nullish().transform((t) => t ?? ''),
  blocks: listOf(block),
  attachments: listOf(attachment),
  files: listOf(file),
  thread_ts: opt(ts),
  edited: opt(z.object({ ts })),
});
export type SlackMessagePayload = z.infer<typeof slackMessage>;

export const reactionEvent = z.object({
  type: z.enum(['reaction_added', 'reaction_removed']),
  user: z.string(),
  reaction: z.string(),
  item_user: z.string().optional(),
  item: z.object({ type: z.literal('message'), channel: z.string(), ts }),
  event_ts: ts,
});

/** A new message, whoever posted it (which ones the transcript keeps is decided by its subtype). */
export const newMessageEvent = slackMessage.extend({
  type: z.literal('message'),
  channel: z.string(),
});

export const messageChangedEvent = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_changed'),
  channel: z.string(),
  message: slackMessage,
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
