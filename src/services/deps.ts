import type { ReactionKinds } from '../domain/reactions';
import type { PostmortemRenderer } from '../render/postmortem';
import type { Repositories, SlackPort } from './ports';

export interface ServiceDeps {
  repos: Repositories;
  slack: SlackPort;
  renderer: PostmortemRenderer;
  /** The only clock: the composition root passes Date-returning now(). */
  now: () => Date;
  settings: {
    channelPrefix: string;
    timelineEmoji: string;
    timezone: string;
    reactionKinds: ReactionKinds;
    announcementsChannel: string | undefined;
    reminderMinutes: number | undefined;
  };
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
}
