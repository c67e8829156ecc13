import type { ActionItem, Incident, TimelineEntry } from './incident';

/**
 * Everything a postmortem draft is made from. The caller has already turned
 * mentions in every text into names (stored text keeps Slack's raw markup).
 */
export interface PostmortemInput {
  incident: Incident;
  /** Every timeline entry, any order. */
  entries: readonly TimelineEntry[];
  actions: readonly ActionItem[];
  /** Display names of the people who wrote in the incident channel, in order of first message. */
  participants: readonly string[];
  /** User id → display name, for roles, action owners and the people who closed or declared. */
  names: ReadonlyMap<string, string>;
  /** Link to the incident channel, e.g. https://acme.slack.com/archives/C123. */
  channelUrl?: string;
  /** When the draft is generated (the close time for a closed incident). */
  now: Date;
}
