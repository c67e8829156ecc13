// Signed Events API envelopes, slash commands, interactions and response_url posts, with retries
// off (the default). Registered by test/slackStandIn.test.ts.
import { LocalSlack } from '../../../src/localSlack/localSlack';
import { sendInteraction, sendSlashCommand } from '../../../src/localSlack/signing';
import { waitUntil } from '../wait';
import { SECRET, TOKEN, client, expectSigned, rec, workspacePerTest } from './kit';

export function deliverySpecs(): void {
  describe('event delivery and signed requests', () => {
    const ws = workspacePerTest();

    it('delivers signed envelopes for user actions and redeliveries', async () => {
      const ch = ws.standIn.addChannel({ name: 'inc-9', members: [ws.alice] });
      const posted = await ws.standIn.userPosts(ws.alice, ch.id, 'db is down');
      expect(posted.delivery?.status).toBe(200);
      const first = ws.app.got[0]!;
      expect(first.headers['content-type']).toBe('application/json');
      expectSigned(first);
      const env = rec(JSON.parse(first.raw));
      expect(env).toMatchObject({ type: 'event_callback', team_id: 'T0001', api_app_id: 'A0001', event_id: posted.eventId });
      expect(env.authorizations).toEqual([expect.objectContaining({ user_id: 'UBOT', is_bot: true })]);
      expect(env.event).toMatchObject({ type: 'message', channel: ch.id, user: ws.alice, text: 'db is down', channel_type: 'channel' });
      expect(posted.eventId).toMatch(/^Ev[0-9A-Z]+$/);

      await ws.standIn.deliverEvent(posted.event, { eventId: posted.eventId, retryNum: 1, retryReason: 'http_timeout' });
      expect(ws.app.got[1]?.headers).toMatchObject({ 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
      expect(rec(JSON.parse(ws.app.got[1]!.raw)).event_id).toBe(posted.eventId);

      const ts = String(posted.event.ts);
      const reacted = await ws.standIn.userReacts(ws.alice, ch.id, ts, 'fire');
      expect(reacted.event).toMatchObject({ type: 'reaction_added', user: ws.alice, reaction: 'fire', item_user: ws.alice, item: { type: 'message', channel: ch.id, ts } });
      const edited = await ws.standIn.userEdits(ws.alice, ch.id, ts, 'db is up');
      expect(edited.event).toMatchObject({ subtype: 'message_changed', message: { text: 'db is up', edited: { user: ws.alice } }, previous_message: { text: 'db is down' } });
      const deleted = await ws.standIn.userDeletes(ch.id, ts);
      expect(deleted.event).toMatchObject({ subtype: 'message_deleted', deleted_ts: ts });
      expect(ws.app.got).toHaveLength(5);

      const hidden = ws.standIn.addChannel({ name: 'no-bot', members: [ws.alice], botIsMember: false });
      expect((await ws.standIn.userPosts(ws.alice, hidden.id, 'unseen')).delivery).toBeUndefined();
      expect(ws.app.got).toHaveLength(5);
    });

    it('delivers the bot’s own messages when asked', async () => {
      const chatty = await LocalSlack.start({ botToken: TOKEN, signingSecret: SECRET, deliverBotMessages: true });
      chatty.appUrl = ws.app.url;
      const ch = chatty.addChannel({ name: 'inc-10' });
      await client(chatty).chat.postMessage({ channel: ch.id, text: 'bot says' });
      const got = await waitUntil(() => ws.app.got[0]);
      expect(rec(JSON.parse(got.raw)).event).toMatchObject({ type: 'message', bot_id: 'BBOT', user: 'UBOT', text: 'bot says' });
      await chatty.stop();
    });

    it('sends slash commands and interactions as signed forms; records response_url posts', async () => {
      const responseUrl = ws.standIn.newResponseUrl();
      await sendSlashCommand(ws.app.url, SECRET, { text: 'declare db down', userId: ws.alice, channelId: 'C0000001', responseUrl });
      const cmd = ws.app.got[0]!;
      expect(cmd.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expectSigned(cmd);
      const form = new URLSearchParams(cmd.raw);
      expect(Object.fromEntries(form)).toMatchObject({
        command: '/incident',
        text: 'declare db down',
        response_url: responseUrl,
        trigger_id: expect.stringMatching(/\S/),
        user_id: ws.alice,
        user_name: expect.stringMatching(/\S/),
        team_id: expect.stringMatching(/^T/),
        team_domain: expect.stringMatching(/\S/),
        channel_id: 'C0000001',
        channel_name: expect.stringMatching(/\S/),
        api_app_id: expect.stringMatching(/^A/),
      });
      await sendInteraction(ws.app.url, SECRET, { type: 'block_actions', user: { id: ws.alice } });
      expect(rec(JSON.parse(new URLSearchParams(ws.app.got[1]!.raw).get('payload') ?? '{}')).type).toBe('block_actions');

      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const res = await fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `r${i}` }) });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
      expect(ws.standIn.responses[0]).toMatchObject({ id: '1', body: { text: 'r0' }, status: 200 });
    });
  });
}
