import { request } from 'node:http';
import type { Conversation, ConversationSummary, FileView, Session } from '../../src/playground/protocol';
import { runToExit, startPlayground, type PlaygroundProcess } from '../support/playgroundProcess';
import { waitUntil } from '../support/wait';

/**
 * `npm start` with no Slack app: the real bot against the built-in local Slack, driven through the page's API
 * as the page drives it (the browser test drives the page itself).
 */
describe('playground: npm start without Slack credentials', () => {
  let pg: PlaygroundProcess;
  let session: Session;
  const api = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${pg.url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as T;
  };
  const person = (name: string) => {
    const found = session.people.find((p) => p.name === name);
    if (!found) throw new Error(`no ${name}`);
    return found.id;
  };
  const conversations = (as: string) => api<ConversationSummary[]>(`/api/conversations?as=${as}`);
  const incidentChannel = async (as: string) => (await conversations(as)).find((c) => c.createdByBot && c.name.startsWith('inc-'));

  beforeAll(async () => {
    pg = await startPlayground();
    session = await api<Session>('/api/session');
  });
  afterAll(() => pg?.stop());

  it('prints where to open the page (on 127.0.0.1) and how to connect a workspace instead', () => {
    expect(pg.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(pg.output()).toContain('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    expect(session.people.map((p) => p.name)).toEqual(['ada', 'ben', 'chen', 'dana', 'vik']);
    expect(session.commands.map((c) => c.command)).toEqual(['/incident']);
    expect(session.shortcuts.map((s) => s.callbackId)).toEqual(['add_to_timeline']);
    expect(session.timelineReactions).toContainEqual({ name: 'pushpin', category: 'note' });
  });

  it('runs a declaration through the bot: the incident channel appears, the answer is shown only to who asked', async () => {
    const ada = person('ada');
    const ben = person('ben');
    const general = (await conversations(ada)).find((c) => c.name === 'general');
    expect(await api('/api/act', { as: ada, kind: 'command', channelId: general?.id, text: '/incident start sev2 Checkout is down' })).toEqual({ ok: true });
    const channel = await waitUntil(() => incidentChannel(ada), { timeoutMs: 20_000, message: 'no incident channel' });
    expect(channel.name).toBe('inc-1-checkout-is-down');
    const shownTo = async (as: string) => (await api<Conversation>(`/api/conversations/${general?.id}?as=${as}`)).ephemerals.map((e) => e.text).join('\n');
    await waitUntil(async () => (await shownTo(ada)).includes('Incident #1 declared'), { timeoutMs: 20_000, message: 'Ada was not told' });
    const asBen = await api<Conversation>(`/api/conversations/${general?.id}?as=${ben}`);
    expect(asBen.ephemerals).toEqual([]);
    // The guest sees neither the new channel nor the workspace's other public channels.
    expect((await conversations(person('vik'))).map((c) => c.name)).toEqual(['vendor-payments']);
  });

  it('takes acts only from its own page: not from another site, not through another name for 127.0.0.1', async () => {
    const ada = person('ada');
    const general = (await conversations(ada)).find((c) => c.name === 'general');
    const before = (await api<Conversation>(`/api/conversations/${general?.id}?as=${ada}`)).messages.length;
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ as: ada, kind: 'post', channelId: general?.id, text: 'posted by another site' });
        const req = request(`${pg.url}/api/act`, { method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    // A form or a no-cors fetch from another site: not JSON, or JSON from another origin.
    expect(await post({ 'content-type': 'text/plain' })).toBe(403);
    expect(await post({ 'content-type': 'application/json', origin: 'http://evil.example' })).toBe(403);
    // DNS rebinding: a name of the attacker's that resolves to 127.0.0.1.
    expect(await post({ 'content-type': 'application/json', host: 'evil.example' })).toBe(403);
    expect((await api<Conversation>(`/api/conversations/${general?.id}?as=${ada}`)).messages).toHaveLength(before);
  });

  it('plays the bundled drill to a closed incident and its draft, then resets to the seeded workspace', async () => {
    const ada = person('ada');
    expect(await api('/api/reset', {})).toEqual({ ok: true });
    expect(await incidentChannel(ada)).toBeUndefined();
    expect(session.drills.map((d) => d.id)).toContain('payments-bad-deploy');
    expect(await api('/api/drills/payments-bad-deploy', { speed: 120, as: ada })).toEqual({ ok: true });
    const channel = await waitUntil(() => incidentChannel(ada), { timeoutMs: 30_000, message: 'the drill declared nothing' });
    const draftId = await waitUntil(
      async () => (await api<Conversation>(`/api/conversations/${channel.id}?as=${ada}`)).messages.flatMap((m) => m.files ?? [])[0]?.id,
      { timeoutMs: 60_000, message: 'no draft posted' },
    );
    const draft = await api<FileView>(`/api/files/${draftId}`);
    expect(draft.name).toMatch(/\.md$/);
    for (const words of ['Card payments failing for some customers', 'Ledger DB CPU is at 40%', 'Rolling back deploy 4411', 'Pin the gateway SDK pool size']) {
      expect(draft.text).toContain(words);
    }
    expect(draft.text).toMatch(/### Dead ends\n+[^\n]*Ledger DB CPU is at 40%/);
    expect(draft.html).toContain('<h1');
    expect(draft.html).not.toContain('<script');
    const raw = await fetch(`${pg.url}${draft.downloadUrl}`);
    expect(await raw.text()).toBe(draft.text);

    expect(await api('/api/reset', {})).toEqual({ ok: true });
    expect(await incidentChannel(ada)).toBeUndefined();
    expect((await conversations(ada)).map((c) => c.name)).toEqual(['general', 'alerts', 'incidents', 'vendor-payments']);
  });
});

describe('playground: when it does not start', () => {
  const errorOf = async (env: Record<string, string>) => {
    const ended = await runToExit({ PORT: '0', DATA_DIR: '/nonexistent-never-used', ...env });
    expect(ended.code).toBe(1);
    return ended.output;
  };

  it('names the missing variable for half-set credentials, in production, and with PLAYGROUND=0', async () => {
    expect(await errorOf({ SLACK_BOT_TOKEN: 'xoxb-1-2' })).toContain('SLACK_SIGNING_SECRET is required');
    expect(await errorOf({ NODE_ENV: 'production' })).toContain('SLACK_BOT_TOKEN is required');
    expect(await errorOf({ PLAYGROUND: '0' })).toContain('SLACK_BOT_TOKEN is required');
    expect(await errorOf({ PLAYGROUND: 'yes' })).toContain('PLAYGROUND must be 1');
  });
});
