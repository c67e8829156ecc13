// Slack's redelivery of failed Events API requests, with compressed delays so the whole policy
// plays out in well under a second. Registered by test/slackStandIn.test.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SLACK_RETRY_POLICY, LocalSlack } from '../../../src/localSlack/localSlack';
import { FakeApp, Reply, SECRET, TOKEN, expectSigned, rec, startApp } from './kit';

const FAST = { delaysMs: [50, 150, 300], timeoutMs: 300 };

export function retrySpecs(): void {
  describe('event delivery retries', () => {
    let standIn: LocalSlack;
    let app: FakeApp | undefined;
    let alice: string;
    let channelId: string;

    async function withApp(reply: number | ((n: number) => Reply), retries: LocalSlack['faults']['retryPolicy'] | false = FAST): Promise<FakeApp> {
      app = await startApp(reply);
      standIn = await LocalSlack.start({ botToken: TOKEN, signingSecret: SECRET, ...(retries ? { retries } : {}) });
      standIn.appUrl = app.url;
      alice = standIn.addUser({ name: 'alice' }).id;
      channelId = standIn.addChannel({ name: 'inc-r', members: [alice] }).id;
      return app;
    }

    afterEach(async () => {
      await standIn.stop();
      await app?.close();
      app = undefined;
    });

    it('is off by default: one attempt, nothing scheduled', async () => {
      const a = await withApp(500, false);
      expect(standIn.faults.retryPolicy).toBeUndefined();
      const posted = await standIn.userPosts(alice, channelId, 'x');
      expect(posted.delivery).toMatchObject({ status: 500, failure: 'http_error' });
      await standIn.deliveriesSettled();
      await new Promise((r) => setTimeout(r, 100));
      expect(a.got).toHaveLength(1);
      expect(standIn.deliveries).toHaveLength(1);
    });

    it('retries a failing event 3 times, same event_id, signed afresh, with Slack’s headers', async () => {
      const a = await withApp(500);
      const started = Date.now();
      const posted = await standIn.userPosts(alice, channelId, 'db down');
      expect(posted.delivery).toMatchObject({ status: 500, failure: 'http_error' });
      expect(a.got).toHaveLength(1); // resolved with the first attempt, before any retry
      await standIn.deliveriesSettled();
      expect(a.got).toHaveLength(4);
      const bodies = a.got.map((g) => rec(JSON.parse(g.raw)));
      expect(new Set(bodies.map((b) => b.event_id))).toEqual(new Set([posted.eventId]));
      expect(bodies.map((b) => rec(b.event).text)).toEqual(['db down', 'db down', 'db down', 'db down']);
      a.got.forEach(expectSigned);
      expect(a.got.map((g) => [g.headers['x-slack-retry-num'], g.headers['x-slack-retry-reason']])).toEqual([
        [undefined, undefined],
        ['1', 'http_error'],
        ['2', 'http_error'],
        ['3', 'http_error'],
      ]);
      const gaps = a.got.slice(1).map((g, i) => g.at - a.got[i]!.at);
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(FAST.delaysMs[i]! - 5));
      expect(Date.now() - started).toBeGreaterThanOrEqual(500 - 15);
      expect(standIn.attemptsFor(posted.eventId).map((d) => [d.retryNum, d.delivery?.status, d.failure])).toEqual([
        [undefined, 500, 'http_error'],
        [1, 500, 'http_error'],
        [2, 500, 'http_error'],
        [3, 500, 'http_error'],
      ]);
      expect(standIn.deliveries.map((d) => typeof d.elapsedMs)).toEqual(['number', 'number', 'number', 'number']);
    });

    it('abandons an answer slower than the timeout (even a 200) and retries with http_timeout', async () => {
      const a = await withApp((n) => (n === 0 ? { status: 200, delayMs: 1000 } : { status: 200 }));
      const reacted = await standIn.userPosts(alice, channelId, 'slow');
      expect(reacted.delivery).toMatchObject({ status: 0, failure: 'http_timeout' });
      expect(reacted.delivery?.elapsedMs).toBeGreaterThanOrEqual(FAST.timeoutMs - 5);
      expect(reacted.delivery?.elapsedMs).toBeLessThan(900);
      await standIn.deliveriesSettled();
      expect(a.got.map((g) => g.headers['x-slack-retry-reason'])).toEqual([undefined, 'http_timeout']);
      expect(a.got[0]!.abandoned).toBe(true);
      expect(standIn.deliveries.map((d) => [d.retryNum, d.failure, d.error !== undefined])).toEqual([
        [undefined, 'http_timeout', true],
        [1, undefined, false],
      ]);
    });

    it('stops when the app answers x-slack-no-retry: 1', async () => {
      const a = await withApp(() => ({ status: 500, headers: { 'x-slack-no-retry': '1' } }));
      await standIn.userReacts(alice, channelId, String((await standIn.userPosts(alice, channelId, 'x', { deliver: false })).event.ts), 'eyes');
      await standIn.deliveriesSettled();
      expect(a.got).toHaveLength(1);
      expect(standIn.deliveries[0]).toMatchObject({ noRetry: true, failure: 'http_error' });
    });

    it('retries a refused connection; without retries that still rejects', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/slack/events`;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      await withApp(200, false);
      standIn.appUrl = deadUrl;
      await expect(standIn.userPosts(alice, channelId, 'x')).rejects.toThrow();
      standIn.faults.setRetries(FAST);
      const posted = await standIn.userPosts(alice, channelId, 'y');
      expect(posted.delivery).toMatchObject({ status: 0, failure: 'connection_failed' });
      await standIn.deliveriesSettled();
      expect(standIn.attemptsFor(posted.eventId).map((d) => [d.retryNum, d.retryReason, d.failure])).toEqual([
        [undefined, undefined, 'connection_failed'],
        [1, 'connection_failed', 'connection_failed'],
        [2, 'connection_failed', 'connection_failed'],
        [3, 'connection_failed', 'connection_failed'],
      ]);
    });

    it('continues after an explicit retryNum, and applies to deliverEvent', async () => {
      const a = await withApp(503);
      await standIn.deliverEvent({ type: 'app_mention', text: 'hi' }, { retryNum: 2, retryReason: 'http_timeout' });
      await standIn.deliveriesSettled();
      expect(a.got.map((g) => g.headers['x-slack-retry-num'])).toEqual(['2', '3']);
    });

    it('can be turned on after start; stop() cancels pending retries', async () => {
      const a = await withApp(500, false);
      standIn.faults.setRetries({ delaysMs: [0, 60_000], timeoutMs: 500 });
      expect(standIn.faults.retryPolicy).toEqual({ delaysMs: [0, 60_000], timeoutMs: 500 });
      await standIn.userPosts(alice, channelId, 'x');
      await new Promise((r) => setTimeout(r, 150));
      expect(a.got).toHaveLength(2);
      const stopping = Date.now();
      await standIn.stop();
      expect(Date.now() - stopping).toBeLessThan(1000);
      await standIn.deliveriesSettled();
      expect(a.got).toHaveLength(2);
      standIn = await LocalSlack.start({ botToken: TOKEN, signingSecret: SECRET, retries: true });
      expect(standIn.faults.retryPolicy).toEqual(SLACK_RETRY_POLICY);
    });
  });
}
