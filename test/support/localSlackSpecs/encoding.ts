// Slack sends typed `&`, `<`, `>` as entities everywhere a bot reads user text; only client
// markup keeps its brackets. Registered by test/slackStandIn.test.ts.
import { encodeTyped, escapeEntities } from '../../../src/localSlack/localSlack';
import { sendSlashCommand } from '../../../src/localSlack/signing';
import { SECRET, client, rec, slackError, workspacePerTest } from './kit';

export function encodingSpecs(): void {
  describe('encodeTyped', () => {
    it.each([
      ['a & b < c > d', 'a &amp; b &lt; c &gt; d'],
      ['typed &amp; literally', 'typed &amp;amp; literally'],
      ['&lt;b&gt;', '&amp;lt;b&amp;gt;'],
      ['ping <@U0000001> and <@W123|ann>', 'ping <@U0000001> and <@W123|ann>'],
      ['see <#C0000001|ops> or <#G42>', 'see <#C0000001|ops> or <#G42>'],
      ['<!here> <!channel> <!everyone>', '<!here> <!channel> <!everyone>'],
      ['<!subteam^S0614TZR7|@oncall> help', '<!subteam^S0614TZR7|@oncall> help'],
      ['at <!date^1392734382^{date_short}|Feb 18, 2014>', 'at <!date^1392734382^{date_short}|Feb 18, 2014>'],
      ['<https://x.io/q?a=1&b=2|A & B> <http://y.io>', '<https://x.io/q?a=1&amp;b=2|A &amp; B> <http://y.io>'],
      ['<mailto:ops@x.io|mail ops>', '<mailto:ops@x.io|mail ops>'],
      ['<script>x</script>', '&lt;script&gt;x&lt;/script&gt;'],
      ['<@lowercase> <!chan> <ftp://x> < https://x.io >', '&lt;@lowercase&gt; &lt;!chan&gt; &lt;ftp://x&gt; &lt; https://x.io &gt;'],
      ['x<<@U1>>y', 'x&lt;<@U1>&gt;y'],
      ['p99 > 2s & errors < 1%', 'p99 &gt; 2s &amp; errors &lt; 1%'],
    ])('%j is stored as %j', (typed, stored) => {
      expect(encodeTyped(typed)).toBe(stored);
    });

    it('escapeEntities encodes markup too (what a literally typed <!channel> becomes)', () => {
      expect(escapeEntities('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    });
  });

  describe('entity-encoded user text', () => {
    const ws = workspacePerTest();
    const typed = 'p99 > 2s & <5% errors, see <https://x.io/?a=1&b=2|dash & logs>, cc <@U0000002>';
    const stored = 'p99 &gt; 2s &amp; &lt;5% errors, see <https://x.io/?a=1&amp;b=2|dash &amp; logs>, cc <@U0000002>';


    it('in message events, stored messages, history and replies', async () => {
      const ch = ws.standIn.addChannel({ name: 'inc-enc', members: [ws.alice] });
      const posted = await ws.standIn.userPosts(ws.alice, ch.id, typed);
      expect(posted.event.text).toBe(stored);
      expect(rec(rec(JSON.parse(ws.app.got[0]!.raw)).event).text).toBe(stored);
      expect(ws.standIn.message(ch.id, String(posted.event.ts))?.text).toBe(stored);
      const reply = await ws.standIn.userPosts(ws.alice, ch.id, 'a < b', { threadTs: String(posted.event.ts) });
      expect(reply.event.text).toBe('a &lt; b');

      const web = client(ws.standIn);
      const history = await web.conversations.history({ channel: ch.id });
      expect(history.messages?.map((m) => m.text)).toEqual([stored]);
      const replies = await web.conversations.replies({ channel: ch.id, ts: String(posted.event.ts) });
      expect(replies.messages?.map((m) => m.text)).toEqual([stored, 'a &lt; b']);
    });

    it('in message_changed events, old and new text alike', async () => {
      const ch = ws.standIn.addChannel({ name: 'inc-edit', members: [ws.alice] });
      const posted = await ws.standIn.userPosts(ws.alice, ch.id, 'R&D down');
      const edited = await ws.standIn.userEdits(ws.alice, ch.id, String(posted.event.ts), 'R&D <back>');
      expect(edited.event).toMatchObject({
        subtype: 'message_changed',
        message: { text: 'R&amp;D &lt;back&gt;' },
        previous_message: { text: 'R&amp;D down' },
      });
      expect(rec(rec(JSON.parse(ws.app.got[1]!.raw)).event).message).toMatchObject({ text: 'R&amp;D &lt;back&gt;' });
    });

    it('passes wire text through unchanged when asked', async () => {
      const ch = ws.standIn.addChannel({ name: 'inc-wire', members: [ws.alice] });
      const literal = await ws.standIn.userPosts(ws.alice, ch.id, escapeEntities('<!channel> please'), { wire: true });
      expect(literal.event.text).toBe('&lt;!channel&gt; please');
      const edited = await ws.standIn.userEdits(ws.alice, ch.id, String(literal.event.ts), 'a &amp; b', { wire: true });
      expect(rec(edited.event.message).text).toBe('a &amp; b');
    });

    it('stores the bot’s own text exactly as sent', async () => {
      const ch = ws.standIn.addChannel({ name: 'inc-bot' });
      const web = client(ws.standIn);
      const res = await web.chat.postMessage({ channel: ch.id, text: 'raw & <unescaped>' });
      expect(ws.standIn.message(ch.id, String(res.ts))?.text).toBe('raw & <unescaped>');
      await web.chat.update({ channel: ch.id, ts: String(res.ts), text: 'now &amp; then' });
      expect(ws.standIn.message(ch.id, String(res.ts))?.text).toBe('now &amp; then');
    });

    it('in slash-command text, unless sent as wire text', async () => {
      const responseUrl = ws.standIn.newResponseUrl();
      const fields = { text: 'start <@U0000002|bob> & <#C0000001|ops>: p99 > 2s', userId: ws.alice, channelId: 'C0000001', responseUrl };
      await sendSlashCommand(ws.app.url, SECRET, fields);
      expect(new URLSearchParams(ws.app.got[0]!.raw).get('text')).toBe('start <@U0000002|bob> &amp; <#C0000001|ops>: p99 &gt; 2s');
      await sendSlashCommand(ws.app.url, SECRET, { ...fields, text: 'a &amp; b' }, { wire: true });
      expect(new URLSearchParams(ws.app.got[1]!.raw).get('text')).toBe('a &amp; b');
    });

    it('a deleted message is gone for good: pins drop it, updates find nothing', async () => {
      const ch = ws.standIn.addChannel({ name: 'inc-del', members: [ws.alice] });
      const web = client(ws.standIn);
      for (const withReply of [false, true]) {
        const summary = String((await web.chat.postMessage({ channel: ch.id, text: 'summary' })).ts);
        await web.pins.add({ channel: ch.id, timestamp: summary });
        if (withReply) await ws.standIn.userPosts(ws.alice, ch.id, 'thread reply', { threadTs: summary, deliver: false });
        const deleted = await ws.standIn.userDeletes(ch.id, summary);
        // A parent with replies becomes Slackbot's tombstone, which Slack announces as a change, not a deletion.
        if (withReply) {
          expect(deleted.event).toMatchObject({
            subtype: 'message_changed',
            message: { subtype: 'tombstone', ts: summary, user: 'USLACKBOT', text: 'This message was deleted.', hidden: true, reply_count: 1 },
            previous_message: { ts: summary, text: 'summary' },
          });
        } else expect(deleted.event).toMatchObject({ subtype: 'message_deleted', deleted_ts: summary });
        expect(ws.standIn.pins(ch.id)).toEqual([]);
        expect((await web.pins.list({ channel: ch.id })).items).toEqual([]);
        expect(await slackError(web.chat.update({ channel: ch.id, ts: summary, text: 'v2' }))).toBe('message_not_found');
        expect(await slackError(web.pins.add({ channel: ch.id, timestamp: summary }))).toBe('message_not_found');
        expect(await slackError(web.reactions.add({ channel: ch.id, timestamp: summary, name: 'eyes' }))).toBe('message_not_found');
        expect(await slackError(web.chat.delete({ channel: ch.id, ts: summary }))).toBe('message_not_found');
        // A parent with replies stays in history as Slack's tombstone.
        expect(ws.standIn.message(ch.id, summary)?.subtype).toBe(withReply ? 'tombstone' : undefined);
      }
    });
  });
}
