// Bots and integrations post as Slack shapes such posts: a classic integration (`bot_message`, no user,
// attachments only), a newer app's bot user (`bot_profile`, blocks only). Both reach the app as events and
// read back from history the same way. Registered by test/slackStandIn.test.ts.
import { waitUntil } from '../wait';
import { ALL_SCOPES } from '../../../src/localSlack/scopes';
import { client, list, rec, workspacePerTest } from './kit';

export function integrationSpecs(): void {
  describe('integration posts', () => {
    const ws = workspacePerTest();
    const alert = { title: '[Triggered] p99 latency', text: 'p99 is 12s &gt; 2s', fields: [{ title: 'Service', value: 'orders-api', short: true }], fallback: 'Triggered: p99 latency' };
    const delivered = async (n: number) => rec(rec(JSON.parse((await waitUntil(() => ws.app.got[n])).raw)).event);

    it('a classic integration posts with no user: bot_message, bot_id, username, empty text, attachments only', async () => {
      const ch = ws.standIn.addChannel({ name: 'inc-1', members: [ws.alice] });
      const posted = await ws.standIn.integrationPosts(ch.id, { username: 'Datadog', botId: 'BDATADOG1', attachments: [alert] });
      const event = await delivered(0);
      expect(event).toMatchObject({ type: 'message', subtype: 'bot_message', bot_id: 'BDATADOG1', username: 'Datadog', text: '', attachments: [alert], channel: ch.id });
      expect(event).not.toHaveProperty('user');
      const [fromHistory] = list((await client(ws.standIn).conversations.history({ channel: ch.id, limit: 1 })).messages);
      expect(fromHistory).toMatchObject({ subtype: 'bot_message', bot_id: 'BDATADOG1', username: 'Datadog', text: '', ts: posted.event.ts });
      expect(fromHistory).not.toHaveProperty('user');
      // A reaction on a webhook's post names no item_user.
      const reacted = await ws.standIn.userReacts(ws.alice, ch.id, String(posted.event.ts), 'rotating_light');
      expect(reacted.event).not.toHaveProperty('item_user');
      expect(reacted.event).toMatchObject({ item: { ts: posted.event.ts } });
    });

    it('a newer app posts as its bot user, with bot_profile, and blocks only', async () => {
      const ch = ws.standIn.addChannel({ name: 'inc-2', members: [ws.alice] });
      const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Rollback of *cart* complete' } }];
      const posted = await ws.standIn.integrationPosts(ch.id, { app: { userId: 'UDEPLOYBOT', name: 'Deploy Bot' }, botId: 'BDEPLOY01', blocks });
      const event = await delivered(0);
      expect(event).toMatchObject({ type: 'message', user: 'UDEPLOYBOT', bot_id: 'BDEPLOY01', bot_profile: { id: 'BDEPLOY01', name: 'Deploy Bot' }, text: '', blocks });
      expect(event).not.toHaveProperty('subtype');
      const web = client(ws.standIn);
      const [fromHistory] = list((await web.conversations.history({ channel: ch.id, limit: 1 })).messages);
      expect(fromHistory).toMatchObject({ user: 'UDEPLOYBOT', bot_id: 'BDEPLOY01', bot_profile: { name: 'Deploy Bot' }, blocks, ts: posted.event.ts });
      expect((await web.users.info({ user: 'UDEPLOYBOT' })).user).toMatchObject({ is_bot: true, real_name: 'Deploy Bot' });
      const reacted = await ws.standIn.userReacts(ws.alice, ch.id, String(posted.event.ts), 'wrench');
      expect(reacted.event).toMatchObject({ item_user: 'UDEPLOYBOT' });
    });

    it('an integration updates its post with a message_changed carrying the new attachments', async () => {
      const ch = ws.standIn.addChannel({ name: 'inc-3', members: [ws.alice] });
      const ts = String((await ws.standIn.integrationPosts(ch.id, { username: 'PagerDuty', attachments: [alert] }, { deliver: false })).event.ts);
      const resolved = [{ ...alert, title: '[Resolved] p99 latency' }];
      const edited = await ws.standIn.integrationEdits(ch.id, ts, { attachments: resolved });
      expect(edited.event).toMatchObject({ subtype: 'message_changed', message: { ts, subtype: 'bot_message', username: 'PagerDuty', attachments: resolved }, previous_message: { attachments: [alert] } });
      expect(ws.standIn.message(ch.id, ts)?.attachments).toEqual(resolved);
    });

    it('a person from another organization carries their own workspace in users.info and in events', async () => {
      const ch = ws.standIn.addChannel({ name: 'shared', members: [ws.alice] });
      const vendor = ws.standIn.addUser({ name: 'val', teamId: 'TVENDOR01' });
      ws.standIn.state.join(ch, vendor.id);
      expect((await client(ws.standIn).users.info({ user: vendor.id })).user).toMatchObject({ team_id: 'TVENDOR01' });
      expect((await client(ws.standIn).users.info({ user: ws.alice })).user).toMatchObject({ team_id: 'T0001' });
      const posted = await ws.standIn.userPosts(vendor.id, ch.id, 'we see it too');
      expect(posted.event).toMatchObject({ user_team: 'TVENDOR01', team: 'T0001' });
    });

    it('marks guests restricted (single-channel ones ultra-restricted too) in users.info', async () => {
      const multi = ws.standIn.addUser({ name: 'gus', guest: 'multi' });
      const single = ws.standIn.addUser({ name: 'sue', guest: 'single' });
      const web = client(ws.standIn);
      expect((await web.users.info({ user: multi.id })).user).toMatchObject({ is_restricted: true, is_ultra_restricted: false });
      expect((await web.users.info({ user: single.id })).user).toMatchObject({ is_restricted: true, is_ultra_restricted: true });
      expect((await web.users.info({ user: ws.alice })).user).toMatchObject({ is_restricted: false, is_ultra_restricted: false });
    });

    it('needs the groups:* scopes for private channels and channels:* for public ones, answering missing_scope', async () => {
      const web = client(ws.standIn);
      const open = ws.standIn.addChannel({ name: 'open', members: [ws.alice] });
      const closed = ws.standIn.addChannel({ name: 'closed', members: [ws.alice], isPrivate: true });
      ws.standIn.faults.setScopes(['channels:manage', 'channels:read', 'channels:history', 'chat:write']);
      await expect(web.conversations.create({ name: 'secret', is_private: true })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'groups:write' } });
      await expect(web.conversations.history({ channel: closed.id })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'groups:history' } });
      await expect(web.conversations.members({ channel: closed.id })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'groups:read' } });
      expect((await web.conversations.history({ channel: open.id })).ok).toBe(true);
      expect((await web.conversations.create({ name: 'not-secret' })).ok).toBe(true);
      ws.standIn.faults.setScopes([...ALL_SCOPES]);
      expect((await web.conversations.create({ name: 'secret', is_private: true })).channel).toMatchObject({ is_private: true });
    });
  });
}
