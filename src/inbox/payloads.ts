import { z } from 'zod';
import type { ChannelEvent } from '../domain/channelEvents';
import { parseIncidentCommand } from '../domain/commands';
import { PHASES, ROLES, SEVERITIES, type IncidentCommand } from '../domain/commandTypes';
import type { Declaration, ReplyTarget } from '../domain/effects';
import { MESSAGE_CATEGORIES, type MessageCategory } from '../domain/reactions';

/** A command the inbox keeps: parsed once, on the ack path; what the grammar refuses is answered there. */
export type StoredCommand = Exclude<IncidentCommand, { kind: 'help' | 'unknown' | 'invalid' }>;

export const isStorable = (c: IncidentCommand): c is StoredCommand => c.kind !== 'help' && c.kind !== 'unknown' && c.kind !== 'invalid';

/** What the inbox keeps of each accepted Slack request: parsed, checked, text decoded. */
export type InboxPayload =
  | { type: 'channel_event'; event: ChannelEvent }
  | { type: 'command'; command: StoredCommand; channelId: string; userId: string; replyTo: ReplyTarget }
  /** The declaration's time is the item's receivedAt. */
  | { type: 'declare_form'; declaration: Omit<Declaration, 'at'> }
  /** Someone opened their App Home. */
  | { type: 'home_opened'; userId: string }
  /** "Add to incident timeline" submitted: which message, to which incident, as what; `atSec` if the time was changed. */
  | {
      type: 'added_message';
      incidentId: string;
      message: { channelId: string; ts: string; threadTs?: string };
      category: MessageCategory;
      atSec?: number;
      note?: string;
      userId: string;
      replyTo: ReplyTarget;
    };

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

const clockTime = z.object({ hour: z.number().int().min(0).max(23), minute: z.number().int().min(0).max(59) });
const mention = z.discriminatedUnion('kind', [z.object({ kind: z.literal('id'), id: z.string() }), z.object({ kind: z.literal('name'), name: z.string() })]);
const text = z.string().min(1);

const storedCommand = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('start'),
    title: z.string().optional(),
    severity: z.enum(SEVERITIES).optional(),
    private: z.literal(true).optional(),
    here: z.literal(true).optional(),
  }),
  z.object({ kind: z.literal('note'), text, time: clockTime.optional() }),
  z.object({ kind: z.literal('status'), status: z.enum(PHASES) }),
  z.object({ kind: z.literal('severity'), severity: z.enum(SEVERITIES) }),
  z.object({ kind: z.literal('role'), role: z.enum(ROLES), user: mention }),
  z.object({ kind: z.literal('impact'), text }),
  z.object({ kind: z.literal('rootcause'), text }),
  z.object({ kind: z.literal('update'), text }),
  z.object({ kind: z.literal('action'), text, owner: mention.optional() }),
  z.object({ kind: z.literal('actions') }),
  z.object({ kind: z.literal('action_done'), number: z.number().int().min(1) }),
  z.object({ kind: z.literal('started'), time: clockTime }),
  z.object({ kind: z.literal('ended'), time: clockTime }),
  z.object({ kind: z.literal('postmortem') }),
  z.object({ kind: z.literal('close'), resolution: z.string().optional() }),
  z.object({ kind: z.literal('reopen') }),
  z.object({ kind: z.literal('list') }),
]) satisfies z.ZodType<StoredCommand>;

const replyTarget = z.union([z.object({ responseUrl: z.string() }), z.object({ userId: z.string(), channelId: z.string().optional() })]);
const invocation = { channelId: z.string(), userId: z.string() };

/** Items stored by versions that kept the typed text: parsed here, the one time they are read. */
const legacyCommand = z.object({ type: z.literal('command'), text: z.string(), responseUrl: z.string(), ...invocation }).transform((p, ctx) => {
  const command = parseIncidentCommand(p.text);
  if (isStorable(command)) return { type: 'command' as const, command, channelId: p.channelId, userId: p.userId, replyTo: { responseUrl: p.responseUrl } };
  ctx.addIssue({ code: 'custom', message: `stored text is not a command (${command.kind})` });
  return z.NEVER;
});


const current = z.discriminatedUnion('type', [
  z.object({ type: z.literal('channel_event'), event: channelEvent }),
  z.object({ type: z.literal('home_opened'), userId: z.string() }),
  z.object({ type: z.literal('command'), command: storedCommand, replyTo: replyTarget, ...invocation }),
  z.object({
    type: z.literal('declare_form'),
    declaration: z.object({
      title: z.string(),
      userId: z.string(),
      severity: z.enum(SEVERITIES).optional(),
      impact: z.string().optional(),
      leadId: z.string().optional(),
      private: z.literal(true).optional(),
      replyTo: replyTarget,
    }),
  }),
  z.object({
    type: z.literal('added_message'),
    incidentId: z.string(),
    message: z.object({ channelId: z.string(), ts: z.string(), threadTs: z.string().optional() }),
    category: z.enum(MESSAGE_CATEGORIES),
    atSec: z.number().optional(),
    note: z.string().optional(),
    userId: z.string(),
    replyTo: replyTarget,
  }),
]) satisfies z.ZodType<InboxPayload>;

const isLegacy = (raw: unknown) => typeof raw === 'object' && raw !== null && 'text' in raw && !('command' in raw);

/** The payload of a stored item, checked; a description of what is wrong when it does not fit. */
export function readPayload(raw: unknown): { ok: true; payload: InboxPayload } | { ok: false; problem: string } {
  const parsed = (isLegacy(raw) ? legacyCommand : current).safeParse(raw);
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, problem: z.prettifyError(parsed.error).split('\n').slice(0, 3).join('; ') };
}

/** Who hears about an item's outcome: the person who sent a command or a form; channel events and App Home opens answer nobody. */
export function replyTargetOf(p: InboxPayload): ReplyTarget {
  if (p.type === 'command' || p.type === 'added_message') return p.replyTo;
  if (p.type === 'declare_form') return p.declaration.replyTo;
  throw new Error(`${p.type} has nobody to answer`);
}
