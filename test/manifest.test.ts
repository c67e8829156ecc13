import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { App } from '@slack/bolt';
import { parse } from 'yaml';
import { registerListeners } from '../src/slack/listeners';
import type { ListenerDeps } from '../src/slack/listeners/deps';
import { COMMANDS_SCOPE, EVENT_SUBSCRIPTIONS, WEB_API_SCOPES } from '../src/slack/scopes';

/**
 * manifest.yml against the bot as it is: what its listeners register (the real registerListeners,
 * given a recording stand-in for Bolt's App) and the scopes of the Web API methods src/ calls
 * (src/slack/scopes.ts, itself checked against the calls in the source). Each failure says what to
 * add to or remove from manifest.yml (or scopes.ts).
 */

const ROOT = path.resolve(__dirname, '..');

interface Registered {
  commands: string[];
  events: string[];
  /** Interactions: actions, views (modal submissions), shortcuts, options. */
  interactions: Array<{ kind: 'action' | 'view' | 'shortcut' | 'options'; id: string }>;
}

/** What `registerListeners` asks Bolt for, recorded by an App stand-in that only takes note. */
function registered(): Registered {
  const out: Registered = { commands: [], events: [], interactions: [] };
  // A constraints object names its interaction by callback_id (shortcuts, views) or action_id (actions).
  const idOf = (c: unknown): string => {
    if (typeof c === 'string') return c;
    if (c instanceof RegExp) return c.source;
    if (typeof c === 'object' && c !== null) {
      const named = c as { callback_id?: unknown; action_id?: unknown };
      return String(named.callback_id ?? named.action_id ?? Object.values(c).join('/'));
    }
    return String(c);
  };
  const record = (method: string, args: unknown[]) => {
    const [first] = args;
    if (method === 'command') out.commands.push(idOf(first));
    else if (method === 'event') out.events.push(idOf(first));
    else if (method === 'message') out.events.push('message');
    else if (method === 'action' || method === 'view' || method === 'shortcut' || method === 'options') out.interactions.push({ kind: method, id: idOf(first) });
    else if (method !== 'use' && method !== 'error') throw new Error(`the manifest test does not know Bolt's app.${method}(): teach it what manifest entry that needs`);
  };
  const app = new Proxy({}, { get: (_t, method) => (...args: unknown[]) => record(String(method), args) }) as App;
  // Registration only keeps the deps for the handlers, which never run here.
  const deps = new Proxy({}, { get: () => undefined }) as ListenerDeps;
  registerListeners(app, deps);
  return out;
}

interface Manifest {
  features?: { slash_commands?: Array<{ command: string }>; shortcuts?: Array<{ callback_id: string; type: string }>; app_home?: { home_tab_enabled?: boolean } };
  oauth_config?: { scopes?: { bot?: string[] } };
  settings?: { event_subscriptions?: { bot_events?: string[] }; interactivity?: { is_enabled?: boolean } };
}
const manifest = parse(readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')) as Manifest;
const bolt = registered();

/** What to change in a file so the two lists agree, as lines for a person to act on. */
function diff(file: string, where: string, declared: Iterable<string>, used: Iterable<string>): string[] {
  const d = new Set(declared);
  const u = new Set(used);
  return [
    ...[...u].filter((x) => !d.has(x)).map((x) => `${file}: add \`${x}\` under ${where}`),
    ...[...d].filter((x) => !u.has(x)).map((x) => `${file}: remove \`${x}\` from ${where} (the bot does not use it)`),
  ];
}

/** Every Web API method named in src/: `call('method', …)` and `client.<family>.<method>(…)`. */
function methodsCalledInSrc(): Set<string> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(path.join(ROOT, 'src'));
  const found = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bcall\(\s*'([a-z]+(?:\.[a-zA-Z]+)+)'/g)) found.add(m[1] ?? '');
    for (const m of text.matchAll(/\bclient\.((?:[a-z]+\.)+[a-zA-Z0-9]+)\(/g)) found.add(m[1] ?? '');
    for (const m of text.matchAll(/\bapiCall\(\s*'([a-z]+(?:\.[a-zA-Z]+)+)'/g)) found.add(m[1] ?? '');
  }
  return found;
}

describe('manifest.yml is in step with the bot', () => {
  it('finds what it checks (the recording and the scan work)', () => {
    expect(bolt.commands).toContain('/incident');
    expect(bolt.events).toContain('reaction_added');
    expect(methodsCalledInSrc()).toContain('chat.postMessage');
  });

  it('src/slack/scopes.ts names every Web API method src/ calls, and none it does not', () => {
    expect(diff('src/slack/scopes.ts', 'WEB_API_SCOPES', Object.keys(WEB_API_SCOPES), methodsCalledInSrc())).toEqual([]);
  });

  it('declares every slash command the bot registers, and no other', () => {
    const declared = (manifest.features?.slash_commands ?? []).map((c) => c.command);
    expect(diff('manifest.yml', 'features.slash_commands (command:)', declared, bolt.commands)).toEqual([]);
  });

  it('subscribes to the bot events the listeners handle, and no other', () => {
    const unknown = bolt.events.filter((e) => !EVENT_SUBSCRIPTIONS[e]);
    expect(unknown.map((e) => `src/slack/scopes.ts: add \`${e}\` to EVENT_SUBSCRIPTIONS (its manifest bot events and scopes)`)).toEqual([]);
    const needed = bolt.events.flatMap((e) => (EVENT_SUBSCRIPTIONS[e] ?? []).map((s) => s.event));
    expect(diff('manifest.yml', 'settings.event_subscriptions.bot_events', manifest.settings?.event_subscriptions?.bot_events ?? [], needed)).toEqual([]);
  });

  it('turns interactivity on exactly when the bot handles interactions, and declares its shortcuts', () => {
    const interactive = bolt.interactions.length > 0;
    const enabled = manifest.settings?.interactivity?.is_enabled === true;
    expect({ interactivity: enabled ? 'on' : 'off', fix: enabled === interactive ? 'none' : `manifest.yml: set settings.interactivity.is_enabled: ${String(interactive)}` }).toEqual({
      interactivity: interactive ? 'on' : 'off',
      fix: 'none',
    });
    const shortcuts = bolt.interactions.filter((i) => i.kind === 'shortcut').map((i) => i.id);
    const declared = (manifest.features?.shortcuts ?? []).map((s) => s.callback_id);
    expect(diff('manifest.yml', 'features.shortcuts (callback_id:, with type: message or global, name, description)', declared, shortcuts)).toEqual([]);
  });

  it('enables the Home tab exactly when the bot handles app_home_opened', () => {
    const home = bolt.events.includes('app_home_opened');
    const enabled = manifest.features?.app_home?.home_tab_enabled === true;
    expect(enabled === home ? [] : [`manifest.yml: set features.app_home.home_tab_enabled: ${String(home)}`]).toEqual([]);
  });

  it('asks for exactly the bot scopes its Web API calls, events and commands need', () => {
    const used = new Set<string>();
    for (const method of methodsCalledInSrc()) for (const s of WEB_API_SCOPES[method] ?? []) used.add(s);
    for (const e of bolt.events) for (const s of EVENT_SUBSCRIPTIONS[e] ?? []) if (s.scope) used.add(s.scope);
    if (bolt.commands.length > 0) used.add(COMMANDS_SCOPE);
    expect(diff('manifest.yml', 'oauth_config.scopes.bot', manifest.oauth_config?.scopes?.bot ?? [], used)).toEqual([]);
  });
});
