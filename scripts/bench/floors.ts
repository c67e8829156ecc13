// The floors: bare Bolt apps that do the least an HTTP-mode Slack app can do, on the same machine and database.
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import mongoose from 'mongoose';
import type { Target, TargetEnv } from './target';

/** F1 acks only; F2 stores each delivery with one insertOne before Bolt answers (processBeforeResponse). */
export async function startFloor(name: 'F1' | 'F2', env: TargetEnv): Promise<Target> {
  let connection: mongoose.Connection | undefined;
  let store: (doc: Record<string, unknown>) => Promise<unknown> = async () => undefined;
  if (name === 'F2') {
    connection = mongoose.createConnection(env.dbUri, { dbName: env.dbName, bufferCommands: false, autoIndex: false });
    await connection.asPromise();
    const db = connection.db;
    if (!db) throw new Error('F2: database handle missing after connect');
    // Made now, so the first burst does not pay for creating the collection (a new table on FerretDB).
    await db.createCollection('deliveries').catch(() => undefined);
    const collection = db.collection('deliveries');
    store = (doc) => collection.insertOne(doc);
  }
  const app = new App({
    token: env.botToken,
    signingSecret: env.signingSecret,
    processBeforeResponse: true,
    deferInitialization: true,
    logLevel: LogLevel.ERROR,
    // The floors call no Web API method but auth.test; no retries, so a stand-in hiccup shows instead of waiting.
    clientOptions: { slackApiUrl: env.apiUrl, retryConfig: { retries: 0 } },
  });
  app.event('reaction_added', async ({ body, event }) => {
    await store({ eventId: body.event_id, event });
  });
  app.command('/incident', async ({ ack, command }) => {
    await store({ triggerId: command.trigger_id, command });
    await ack();
  });
  await app.init();
  const server = (await app.start(0)) as { address(): AddressInfo | string | null };
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error(`${name}: no TCP port to post to`);
  return {
    name,
    url: `http://127.0.0.1:${address.port}/slack/events`,
    runsIncidents: false,
    settle: async () => undefined,
    async stop() {
      await app.stop();
      if (connection) {
        await connection.dropDatabase().catch(() => undefined);
        await connection.close();
      }
    },
  };
}
