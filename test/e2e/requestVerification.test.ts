import { postSigned, sendSlashCommand } from '../../src/localSlack/signing';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/testApp';

/** Bolt's signature check is on in every test; here it is shown to refuse what Slack would not have sent. */
describe('request verification', () => {
  let t: TestApp;
  let userId: string;
  let channelId: string;

  beforeAll(async () => {
    t = await startTestApp({ label: 'signing' });
    userId = t.standIn.addUser({ name: 'carol' }).id;
    channelId = t.standIn.addChannel({ name: 'ops', members: [userId] }).id;
  });
  afterAll(() => t.stop());

  const form = (text: string) =>
    new URLSearchParams({
      command: '/incident',
      text,
      user_id: userId,
      channel_id: channelId,
      team_id: 'T0001',
      response_url: t.standIn.newResponseUrl(),
      trigger_id: '1.2.3',
    }).toString();
  const FORM = 'application/x-www-form-urlencoded';

  it('refuses an unsigned command and creates nothing', async () => {
    const res = await postSigned(t.appUrl, form('start Unsigned'), FORM);
    expect(res.status).toBe(401);
    expect(t.standIn.callsTo('conversations.create')).toHaveLength(0);
  });

  it('refuses a command signed with the wrong secret', async () => {
    const res = await postSigned(t.appUrl, form('start Forged'), FORM, { signingSecret: 'not-the-secret' });
    expect(res.status).toBe(401);
  });

  it('refuses a correctly signed command older than five minutes (replay)', async () => {
    const stale = Math.floor(Date.now() / 1000) - 301;
    const res = await postSigned(t.appUrl, form('start Replayed'), FORM, { signingSecret: SIGNING_SECRET, timestampSec: stale });
    expect(res.status).toBe(401);
    expect(t.standIn.callsTo('conversations.create')).toHaveLength(0);
  });

  it('refuses an unsigned event', async () => {
    const body = JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'reaction_added' } });
    const res = await postSigned(t.appUrl, body, 'application/json');
    expect(res.status).toBe(401);
  });

  it('accepts the same command when signed now', async () => {
    const res = await sendSlashCommand(t.appUrl, SIGNING_SECRET, {
      text: 'help',
      userId,
      channelId,
      responseUrl: t.standIn.newResponseUrl(),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/incident start') });
  });
});
