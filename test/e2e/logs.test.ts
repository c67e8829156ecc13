import { LogLevel } from '@slack/bolt';
import { createLogger } from '../../src/logger';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

/**
 * The log as an operator's collector gets it: one JSON object a line, with the incident, the inbox item
 * and Slack's id for the request as fields, and never a token or what people wrote, even at debug level
 * (where Bolt and the Web API client log every call).
 */
describe('structured logs', () => {
  let t: TestApp;
  const written: string[] = [];
  // The title is not among them: it names the channel (`inc-1-<title>`), an id the log may show.
  const SECRET_WORDS = ['zebraquartz-message', 'zebraquartz-note', 'zebraquartz-resolution', 'zebraquartz-edit'];

  beforeAll(async () => {
    const logger = createLogger(LogLevel.DEBUG, 'incident-bot', { destination: { write: (line: string) => void written.push(line) } });
    t = await startTestApp({ label: 'logs', logger });
  });
  afterAll(() => t.stop());

  it('carries ids as fields and never tokens or message text', async () => {
    const ann = t.standIn.addUser({ name: 'ann', realName: 'Ann Alvarez' });
    const general = t.standIn.addChannel({ name: 'general', members: [ann.id] });
    await (await t.command(ann.id, general.id, 'start sev2 Checkout down')).nextResponse();
    const channel = t.standIn.channelByName('inc-1-checkout-down');
    if (!channel) throw new Error('incident channel missing');
    const posted = await t.standIn.userPosts(ann.id, channel.id, `payments ${SECRET_WORDS[0]}`);
    await t.standIn.userReacts(ann.id, channel.id, String(posted.event.ts), 'pushpin');
    await t.standIn.userEdits(ann.id, channel.id, String(posted.event.ts), `payments ${SECRET_WORDS[3]}`);
    // A failing post is logged (with its error), its text is not.
    t.standIn.faults.failNext('chat.postMessage', { error: 'internal_error' });
    await t.command(ann.id, channel.id, `note ${SECRET_WORDS[1]}`);
    await t.command(ann.id, channel.id, 'status identified');
    await t.command(ann.id, channel.id, `close ${SECRET_WORDS[2]}`);
    await waitUntil(() => t.standIn.files.some((f) => f.completed), { timeoutMs: 10_000, message: 'no draft uploaded' });
    await t.settle();

    const text = written.join('');
    expect(written.length).toBeGreaterThan(20);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, ...SECRET_WORDS]) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });

    const lines = written.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => typeof l.level !== 'string' || typeof l.msg !== 'string' || typeof l.time !== 'string')).toEqual([]);
    // The applier's lines name the item and Slack's request; the channel events' name the incident.
    const commandLine = lines.find((l) => l.msg === 'inbox: command applied' && l.incidentId !== undefined);
    expect(commandLine).toMatchObject({ inboxId: expect.stringMatching(/^cmd:/), slackRequestId: expect.stringMatching(/\S/), incidentId: expect.stringMatching(/\S/) });
    expect(`cmd:${String(commandLine?.slackRequestId)}`).toBe(commandLine?.inboxId);
    expect(lines.some((l) => l.incident === 1 && l.msg === 'inbox: channel events applied')).toBe(true);
    // The outbox's line about the failed post names its job and the command it came from.
    const failed = lines.find((l) => typeof l.msg === 'string' && l.msg.includes('internal_error'));
    expect(failed).toMatchObject({ level: 'warn', job: expect.stringMatching(/^cmd:/), inboxId: expect.stringMatching(/^cmd:/) });
  });
});
