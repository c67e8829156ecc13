// OAuth scopes as Slack checks them: a conversations.* method needs the `channels:*` scope for a public
// channel, the `groups:*` one for a private channel and `im:*` for a direct message; a call without it
// fails with `missing_scope`, naming what was needed. By default the stand-in's token holds them all.
import { StandInState } from './standInState';
import { JsonRecord } from './standInModel';
import { ApiResult, fail, flag, str } from './webApiCommon';

type Family = 'channels' | 'groups' | 'im';
/** What each method needs, by the kind of conversation it is called on. */
const NEEDS: Record<string, Record<Family, string>> = {
  'conversations.invite': { channels: 'channels:manage', groups: 'groups:write', im: 'im:write' },
  'conversations.setTopic': { channels: 'channels:manage', groups: 'groups:write', im: 'im:write' },
  'conversations.setPurpose': { channels: 'channels:manage', groups: 'groups:write', im: 'im:write' },
  'conversations.archive': { channels: 'channels:manage', groups: 'groups:write', im: 'im:write' },
  'conversations.info': { channels: 'channels:read', groups: 'groups:read', im: 'im:read' },
  'conversations.members': { channels: 'channels:read', groups: 'groups:read', im: 'im:read' },
  'conversations.history': { channels: 'channels:history', groups: 'groups:history', im: 'im:history' },
  'conversations.replies': { channels: 'channels:history', groups: 'groups:history', im: 'im:history' },
  'conversations.join': { channels: 'channels:join', groups: 'channels:join', im: 'channels:join' },
};

export const ALL_SCOPES: readonly string[] = [
  'commands', 'chat:write', 'pins:write', 'reactions:read', 'reactions:write', 'users:read', 'files:write',
  'channels:manage', 'channels:read', 'channels:join', 'channels:history',
  'groups:write', 'groups:read', 'groups:history', 'im:write', 'im:read', 'im:history',
];

/** `missing_scope` when the token lacks what this call needs, else undefined (the handler decides the rest). */
export function missingScope(state: StandInState, granted: ReadonlySet<string>, method: string, args: JsonRecord): ApiResult | undefined {
  let needed: string | undefined;
  if (method === 'conversations.create') needed = flag(args, 'is_private') ? 'groups:write' : 'channels:manage';
  else if (method === 'conversations.list') {
    const types = (str(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
    const wanted = [types.includes('public_channel') ? 'channels:read' : '', types.includes('private_channel') ? 'groups:read' : ''];
    needed = wanted.find((s) => s !== '' && !granted.has(s));
  } else {
    const table = NEEDS[method];
    const channel = table ? state.resolveChannel(str(args, 'channel') ?? '') : undefined;
    // A channel the bot cannot see gets the handler's own answer (channel_not_found).
    if (table && channel) needed = table[channel.isIm ? 'im' : channel.isPrivate ? 'groups' : 'channels'];
  }
  if (needed === undefined || granted.has(needed)) return undefined;
  return fail('missing_scope', { needed, provided: [...granted].join(',') });
}
