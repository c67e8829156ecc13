import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TIMELINE_KINDS, type TimelineKind } from './domain/incident';
import { reactionKinds, type ReactionKinds } from './domain/reactions';

/**
 * Every setting the bot reads, validated once at startup. Secrets stay in this
 * object and are never printed: error messages name variables, not values.
 */

const channelPrefix = /^[a-z0-9][a-z0-9_-]{0,20}$/;
const emojiName = /^[a-z0-9_+'-]+$/;

function isReadableFile(value: string): boolean {
  try {
    accessSync(value, constants.R_OK);
    return statSync(value).isFile();
  } catch {
    return false;
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Kinds a reaction may give a message; the others are recorded by the bot itself. */
const REACTION_CATEGORIES = TIMELINE_KINDS.filter((k): k is TimelineKind =>
  ['note', 'detection', 'investigation', 'dead_end', 'escalation', 'root_cause', 'mitigation', 'resolution', 'follow_up'].includes(k),
);

const optional = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());

const schema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required (the Bot User OAuth Token, xoxb-…)' })
    .regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z
    .string({ error: "is required (the app's Signing Secret, under Basic Information)" })
    .min(8, "must be the app's Signing Secret"),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-').optional(),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).optional(),
  SLACK_API_URL: z.url({ error: 'must be a URL such as https://slack.com/api/' }).optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI')
    .optional(),
  DATA_DIR: z.string().optional(),
  INCIDENT_TIMEZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').default('UTC'),
  INCIDENT_CHANNEL_PREFIX: z
    .string()
    .regex(channelPrefix, 'must be 1–21 lowercase letters, digits, - or _, starting with a letter or digit')
    .default('inc'),
  TIMELINE_EMOJI: z
    .string()
    .transform((s) => s.replace(/^:|:$/g, ''))
    .pipe(z.string().regex(emojiName, 'must be an emoji name such as pushpin'))
    .default('pushpin'),
  TIMELINE_REACTIONS: z
    .string()
    .regex(
      new RegExp(`^(${emojiName.source.slice(1, -1)}=(${REACTION_CATEGORIES.join('|')}))(,\\s*${emojiName.source.slice(1, -1)}=(${REACTION_CATEGORIES.join('|')}))*$`),
      `must be a comma-separated list of emoji=category, categories: ${REACTION_CATEGORIES.join(', ')}`,
    )
    .optional(),
  ANNOUNCEMENTS_CHANNEL: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel ID such as C0123ABCD (channel details → About)')
    .optional(),
  REMINDER_MINUTES: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1 (leave it unset for no reminders)')
    .max(1440, 'must be at most 1440 (a day)')
    .optional(),
  UPDATE_REMINDER_MINUTES: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1 (leave it unset for no update reminders)')
    .max(1440, 'must be at most 1440 (a day)')
    .optional(),
  ACTION_DUE_DAYS: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 (leave it unset for no reminders)')
    .max(365, 'must be at most 365')
    .optional(),
  ALLOW_EXTERNAL_USERS: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  POSTMORTEM_TEMPLATE: z.string().refine(isReadableFile, 'must be the path of a readable Handlebars template file').optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).default('json'),
});

export interface Config {
  readonly slack: {
    readonly botToken: string;
    readonly signingSecret: string;
    readonly appToken: string | undefined;
    readonly apiUrl: string | undefined;
  };
  readonly port: number;
  /** The address the HTTP server binds; unset: every interface. */
  readonly host: string | undefined;
  readonly mongodbUri: string | undefined;
  /** Where an embedded database keeps its files (absolute); unset: `.data/` in the project. */
  readonly dataDir: string | undefined;
  readonly timezone: string;
  readonly channelPrefix: string;
  readonly timelineEmoji: string;
  /** Timeline reactions and the kind each gives a message. */
  readonly reactionKinds: ReactionKinds;
  /** Where declarations are announced (and kept up to date); unset → nowhere. */
  readonly announcementsChannel: string | undefined;
  /** Nudge an open incident's channel after this many quiet minutes; unset → never. */
  readonly reminderMinutes: number | undefined;
  /** Nudge an open incident's lead (or channel) when no status update was posted for this many minutes. */
  readonly updateReminderMinutes: number | undefined;
  /** Remind an action's owner once when it is still open this many days after it was added; unset → never. */
  readonly actionDueDays: number | undefined;
  /** People from other organizations in a shared (Slack Connect) incident channel may change the incident. */
  readonly allowExternalUsers: boolean;
  /** A template replacing templates/postmortem.md.hbs (absolute path). */
  readonly postmortemTemplate: string | undefined;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** JSON lines for machines (default), or `pretty` for people at a terminal. */
  readonly logFormat: 'json' | 'pretty';
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/**
 * Which Slack the bot talks to: a workspace (its credentials set), or the built-in local one (the playground,
 * src/playground) when no credentials are set outside production. PLAYGROUND=1 asks for the local Slack,
 * PLAYGROUND=0 forbids it; a workspace's half-set credentials are then parseConfig's error to name.
 */
export function whichSlack(env: Record<string, string | undefined>): 'workspace' | 'local' {
  const flag = optional(env.PLAYGROUND);
  if (flag !== undefined && flag !== '0' && flag !== '1') throw new ConfigError('PLAYGROUND must be 1 (use the built-in local Slack) or 0 (never)');
  if (flag === '1') return 'local';
  if (flag === '0') return 'workspace';
  const credentials = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'].some((name) => optional(env[name]) !== undefined);
  return credentials || env.NODE_ENV === 'production' ? 'workspace' : 'local';
}

/** Where to listen (HOST, PORT), checked as parseConfig checks them: the playground's page needs them first. */
export function parseListen(env: Record<string, string | undefined>): { host: string | undefined; port: number } {
  const result = schema.pick({ HOST: true, PORT: true }).safeParse({ HOST: optional(env.HOST), PORT: optional(env.PORT) });
  if (!result.success) throw new ConfigError(`${String(result.error.issues[0]?.path[0] ?? 'PORT')} ${result.error.issues[0]?.message ?? 'is invalid'}`);
  return { host: result.data.HOST, port: result.data.PORT };
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) input[key] = optional(env[key]);
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    const message = input[name] === undefined && issue?.code === 'invalid_type' ? issue.message : issue?.message;
    throw new ConfigError(`${name} ${message ?? 'is invalid'}`);
  }
  const c = result.data;
  return deepFreeze({
    slack: {
      botToken: c.SLACK_BOT_TOKEN,
      signingSecret: c.SLACK_SIGNING_SECRET,
      appToken: c.SLACK_APP_TOKEN,
      apiUrl: c.SLACK_API_URL && (c.SLACK_API_URL.endsWith('/') ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`),
    },
    port: c.PORT,
    host: c.HOST,
    mongodbUri: c.MONGODB_URI,
    dataDir: c.DATA_DIR && path.resolve(c.DATA_DIR),
    timezone: c.INCIDENT_TIMEZONE,
    channelPrefix: c.INCIDENT_CHANNEL_PREFIX,
    timelineEmoji: c.TIMELINE_EMOJI,
    reactionKinds: reactionKinds(c.TIMELINE_EMOJI, parseReactionOverrides(c.TIMELINE_REACTIONS)),
    announcementsChannel: c.ANNOUNCEMENTS_CHANNEL,
    reminderMinutes: c.REMINDER_MINUTES,
    updateReminderMinutes: c.UPDATE_REMINDER_MINUTES,
    actionDueDays: c.ACTION_DUE_DAYS,
    allowExternalUsers: c.ALLOW_EXTERNAL_USERS === 'true',
    postmortemTemplate: c.POSTMORTEM_TEMPLATE && path.resolve(c.POSTMORTEM_TEMPLATE),
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
  });
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(value);
}

function parseReactionOverrides(value: string | undefined): Record<string, TimelineKind> {
  const out: Record<string, TimelineKind> = {};
  for (const pair of value?.split(',') ?? []) {
    const [emoji, kind] = pair.trim().split('=');
    const category = REACTION_CATEGORIES.find((k) => k === kind);
    if (emoji && category) out[emoji] = category;
  }
  return out;
}

/** What the use cases need to know of the configuration. */
export function serviceSettings(config: Config) {
  return {
    channelPrefix: config.channelPrefix,
    timelineEmoji: config.timelineEmoji,
    timezone: config.timezone,
    reactionKinds: config.reactionKinds,
    announcementsChannel: config.announcementsChannel,
    reminderMinutes: config.reminderMinutes,
    updateReminderMinutes: config.updateReminderMinutes,
    actionDueDays: config.actionDueDays,
    allowExternalUsers: config.allowExternalUsers,
  };
}
