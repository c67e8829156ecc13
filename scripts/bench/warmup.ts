// Untimed traffic through a throwaway F2 before anything is measured: without it the first target measured
// pays for compiling Bolt's, node's HTTP, the driver's and the stand-in's hot paths (a cold F1 acked half as
// fast as a warm one). F2 because it runs everything F1 does plus a database write.
import { startFloor } from './floors';
import { atRate, inPool } from './load';
import { BOT_TOKEN, SIGNING_SECRET, incidentChannel, postMessages, slashCommand, startWorkspace } from './slack';

export const WARM_UP = { events: 400, commands: 40 };

export async function warmUp(dbUri: string, dbName: string): Promise<void> {
  const ws = await startWorkspace();
  const target = await startFloor('F2', { dbUri, dbName, apiUrl: ws.standIn.apiUrl, botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  ws.standIn.appUrl = target.url;
  try {
    const channelId = await incidentChannel(ws, target, 'warmup');
    const messages = await postMessages(ws, target, channelId, WARM_UP.events, 'warm-up', 16);
    await inPool(messages, 16, async (ts) => (await ws.standIn.userReacts(ws.userId, channelId, ts, 'pushpin')).delivery?.status ?? 0);
    await atRate(WARM_UP.commands, 40, async (i) => (await slashCommand(ws, target, channelId, `note warm-up ${i}`)).status);
  } finally {
    await target.stop();
    await ws.standIn.stop();
  }
}
