import type { TimelineKind } from './incident';

/** Which reaction puts a message on the timeline, and as what. */
export type ReactionKinds = Readonly<Record<string, TimelineKind>>;

export const DEFAULT_REACTION_KINDS: ReactionKinds = {
  pushpin: 'note',
  rotating_light: 'detection',
  mag: 'investigation',
  x: 'dead_end',
  arrow_up: 'escalation',
  bulb: 'root_cause',
  wrench: 'mitigation',
  white_check_mark: 'resolution',
  memo: 'follow_up',
};

/** The categories a message can be given on the timeline (by a reaction, or with the shortcut). */
export const MESSAGE_CATEGORIES = ['note', 'detection', 'investigation', 'dead_end', 'escalation', 'root_cause', 'mitigation', 'resolution', 'follow_up'] as const satisfies readonly TimelineKind[];
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];

/** The defaults, with TIMELINE_EMOJI as the plain-entry reaction and any overrides on top. */
export function reactionKinds(timelineEmoji: string, overrides: Readonly<Record<string, TimelineKind>> = {}): ReactionKinds {
  const kinds: Record<string, TimelineKind> = {};
  for (const [emoji, kind] of Object.entries(DEFAULT_REACTION_KINDS)) if (kind !== 'note') kinds[emoji] = kind;
  kinds[timelineEmoji] = 'note';
  return Object.freeze({ ...kinds, ...overrides });
}

/** Slack sends skin-toned reactions as `name::skin-tone-2`; the category is the base emoji's. */
export const baseEmoji = (reaction: string): string => reaction.split('::')[0] ?? reaction;

export const reactionKey = (userId: string, emoji: string): string => `${userId}|${emoji}`;

/**
 * One entry per message, whatever reactions it has: the category of the most
 * recent timeline reaction still on it wins. No reaction left → no entry.
 */
export function kindFromReactions(reactions: readonly string[], kinds: ReactionKinds): TimelineKind | undefined {
  for (let i = reactions.length - 1; i >= 0; i--) {
    const emoji = reactions[i]?.split('|')[1];
    const kind = emoji === undefined ? undefined : kinds[emoji];
    if (kind) return kind;
  }
  return undefined;
}
