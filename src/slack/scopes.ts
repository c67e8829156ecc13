/**
 * The bot scopes each thing the bot does needs, in one place: the Slack app manifest (manifest.yml)
 * must ask for exactly these. test/manifest.test.ts checks the manifest against them, and checks
 * these against the Web API methods src/ really calls, so neither can drift. A method or event
 * added to the bot needs a line here (and its scope in manifest.yml).
 */

/** Web API methods the bot calls → the bot scopes they need (none: no scope, e.g. auth.test, views.open). */
export const WEB_API_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'chat.getPermalink': [],
  'chat.postEphemeral': ['chat:write'],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  // Incident channels are public or private (`--private`): each conversations.* call needs the scope of both kinds.
  'conversations.create': ['channels:manage', 'groups:write'],
  'conversations.history': ['channels:history', 'groups:history'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.invite': ['channels:manage', 'groups:write'],
  'conversations.join': ['channels:join'],
  // Looks for a channel the bot made among public and private ones (types=public_channel,private_channel).
  'conversations.list': ['channels:read', 'groups:read'],
  'conversations.members': ['channels:read', 'groups:read'],
  'conversations.replies': ['channels:history', 'groups:history'],
  'conversations.setTopic': ['channels:manage', 'groups:write'],
  'files.completeUploadExternal': ['files:write'],
  'files.getUploadURLExternal': ['files:write'],
  'pins.add': ['pins:write'],
  'users.info': ['users:read'],
  'users.list': ['users:read'],
  'views.open': [],
  'views.publish': [],
};

/**
 * Events a listener subscribes to (Bolt's `app.event(type)`) → the manifest's bot events that
 * deliver them, and the scope each of those needs.
 */
export const EVENT_SUBSCRIPTIONS: Readonly<Record<string, ReadonlyArray<{ event: string; scope: string | null }>>> = {
  // Messages in public channels; edits and deletions come as message subtypes.
  message: [
    { event: 'message.channels', scope: 'channels:history' },
    { event: 'message.groups', scope: 'groups:history' },
  ],
  reaction_added: [{ event: 'reaction_added', scope: 'reactions:read' }],
  reaction_removed: [{ event: 'reaction_removed', scope: 'reactions:read' }],
  app_home_opened: [{ event: 'app_home_opened', scope: null }],
};

/** A slash command needs this scope. */
export const COMMANDS_SCOPE = 'commands';
