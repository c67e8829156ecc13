import { mentionedUserIds, resolveMentions } from '../domain/mentions';
import type { ServiceDeps } from './deps';

/** User text as people should read it: mentions as names (looked up once each, cached by the Slack port). */
export async function displayText(deps: ServiceDeps, text: string): Promise<string> {
  const ids = mentionedUserIds(text);
  if (ids.length === 0) return resolveMentions(text, new Map());
  const names = new Map(await Promise.all(ids.map(async (id) => [id, await deps.slack.userName(id)] as const)));
  return resolveMentions(text, names);
}
