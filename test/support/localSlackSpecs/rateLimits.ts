// Slack's rate tiers (sliding 60-s window per method, token bucket per channel for
// chat.postMessage) and the "every Nth call is rate limited" fault mode. Registered by
// test/slackStandIn.test.ts.
import { ErrorCode, WebClient } from '@slack/web-api';
import { LocalSlack } from '../../../src/localSlack/localSlack';
import { SECRET, TOKEN, client } from './kit';

function retryAfterOf(err: unknown): number {
  const e = err as { code?: string; retryAfter?: number };
  if (e.code === ErrorCode.RateLimitedError && typeof e.retryAfter === 'number') return e.retryAfter;
  throw err;
}

/** The Retry-After of a call that must be rate limited. */
async function rateLimited(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (err: unknown) {
    return retryAfterOf(err);
  }
  throw new Error('expected a 429');
}

export function rateLimitSpecs(): void {
  describe('rate limits', () => {
    let standIn: LocalSlack;
    let web: WebClient;
    let now: number;

    beforeEach(async () => {
      standIn = await LocalSlack.start({ botToken: TOKEN, signingSecret: SECRET });
      web = client(standIn, { rejectRateLimitedCalls: true });
      now = 1_000_000;
    });
    afterEach(() => standIn.stop());

    it('are on by default: the 21st conversations.create in a minute gets 429 and Retry-After ≈ 60', async () => {
      for (let i = 0; i < 20; i += 1) await web.conversations.create({ name: `inc-${i}` });
      const wait = await rateLimited(web.conversations.create({ name: 'inc-20' }));
      expect(wait).toBeGreaterThanOrEqual(59);
      expect(wait).toBeLessThanOrEqual(60);
      const last = standIn.callsTo('conversations.create').at(-1);
      expect(last).toMatchObject({ failed: true, status: 429, retryAfter: wait, result: { ok: false, error: 'ratelimited' } });
      expect(standIn.channelByName('inc-20')).toBeUndefined();
      // Per method: other methods keep their own windows.
      await web.conversations.info({ channel: standIn.channelByName('inc-0')!.id });
    });

    it('slide: Retry-After is the real time until the oldest call leaves the window', async () => {
      standIn.faults.setRateLimits({ clock: () => now });
      const ch = standIn.addChannel({ name: 'inc-w' });
      const ts = String((await web.chat.postMessage({ channel: ch.id, text: 'summary' })).ts);
      for (let i = 0; i < 50; i += 1) {
        await web.chat.update({ channel: ch.id, ts, text: `v${i}` });
        if (i === 0) now += 20_500;
      }
      expect(await rateLimited(web.chat.update({ channel: ch.id, ts, text: 'x' }))).toBe(40);
      now += 39_000;
      expect(await rateLimited(web.chat.update({ channel: ch.id, ts, text: 'x' }))).toBe(1);
      now += 1000;
      await web.chat.update({ channel: ch.id, ts, text: 'first slot free' });
      expect(await rateLimited(web.chat.update({ channel: ch.id, ts, text: 'x' }))).toBe(20);
    });

    it('limit chat.postMessage per channel to 1/s after a burst of 5', async () => {
      standIn.faults.setRateLimits({ clock: () => now });
      const a = standIn.addChannel({ name: 'inc-a' });
      const b = standIn.addChannel({ name: 'inc-b' });
      for (let i = 0; i < 5; i += 1) await web.chat.postMessage({ channel: a.id, text: `burst ${i}` });
      expect(await rateLimited(web.chat.postMessage({ channel: a.id, text: 'too fast' }))).toBe(1);
      await web.chat.postMessage({ channel: 'inc-b', text: 'another channel has its own bucket' });
      expect(await rateLimited(web.chat.postMessage({ channel: '#inc-a', text: 'by name, same channel' }))).toBe(1);
      now += 1000;
      await web.chat.postMessage({ channel: a.id, text: 'one more after a second' });
      expect(await rateLimited(web.chat.postMessage({ channel: a.id, text: 'x' }))).toBe(1);
      expect(standIn.messages(b.id)).toHaveLength(1);
    });

    it('take custom limits, or none', async () => {
      standIn.faults.setRateLimits({ perMinute: { 'users.info': 2 } });
      const alice = standIn.addUser({ name: 'alice' }).id;
      await web.users.info({ user: alice });
      await web.users.info({ user: alice });
      expect(await rateLimited(web.users.info({ user: alice }))).toBeGreaterThanOrEqual(59);
      standIn.faults.setRateLimits(false);
      for (let i = 0; i < 30; i += 1) await web.pins.list({ channel: standIn.addChannel({ name: `c${i}` }).id });
      const off = await LocalSlack.start({ botToken: TOKEN, signingSecret: SECRET, rateLimits: false });
      for (let i = 0; i < 25; i += 1) await client(off).conversations.create({ name: `n${i}` });
      await off.stop();
    });

    it('fault mode: every Nth call answers 429 with the given Retry-After', async () => {
      standIn.faults.setRateLimits(false);
      const ch = standIn.addChannel({ name: 'inc-n' });
      standIn.faults.rateLimitEvery(3, 2);
      const outcomes: Array<number | 'ok'> = [];
      for (let i = 0; i < 7; i += 1) {
        await web.auth.test(); // never counted
        outcomes.push(await web.conversations.info({ channel: ch.id }).then(() => 'ok' as const, retryAfterOf));
      }
      expect(outcomes).toEqual(['ok', 'ok', 2, 'ok', 'ok', 2, 'ok']);
      standIn.faults.rateLimitEvery(2, 1);
      // WebClient honours Retry-After and retries: the call succeeds, a second later.
      const patient = client(standIn, { retryConfig: { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 0 } });
      await patient.conversations.info({ channel: ch.id });
      const started = Date.now();
      await patient.chat.postMessage({ channel: ch.id, text: 'after a 429' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(standIn.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
      standIn.faults.rateLimitEvery(0);
      for (let i = 0; i < 4; i += 1) await web.conversations.info({ channel: ch.id });
    });

    it('keep failNext 429s alongside the fault mode', async () => {
      standIn.faults.failNext('users.info', { status: 429, retryAfter: 7 });
      expect(await rateLimited(web.users.info({ user: 'UBOT' }))).toBe(7);
      await web.users.info({ user: 'UBOT' });
    });
  });
}
