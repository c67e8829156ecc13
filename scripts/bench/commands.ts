// Scenario 2: `/incident note` at a steady rate in the incident channel.
import { atRate, within } from './load';
import { chatUpdates, incidentChannel, slashCommand, type Workspace } from './slack';
import { summarize, type LatencySummary } from './stats';
import type { Target, TargetName } from './target';
import { waitForNotes } from './visible';

export interface CommandsResult {
  target: TargetName;
  sent: number;
  perSecond: number;
  ack: LatencySummary;
  /** Notes a fresh read sees in the end; undefined where nothing keeps a timeline. */
  stored: number | undefined;
  /** Posts to the commands' response_url that the stand-in accepted. */
  responses: number;
  /** chat.update calls from the first command until the work settled: each one counts against Slack's 50/min. */
  chatUpdates: number;
}

export interface CommandsSize {
  commands: number;
  perSecond: number;
}

export async function runCommands(ws: Workspace, target: Target, size: CommandsSize, log: (line: string) => void): Promise<CommandsResult> {
  const channelId = await incidentChannel(ws, target);
  const baseline = (await target.visibleNotes?.(channelId)) ?? 0;
  const responseIds = new Set<string>();
  const updatesBefore = chatUpdates(ws);
  log(`${size.commands} × /incident note at ${size.perSecond}/s`);
  const samples = await atRate(size.commands, size.perSecond, async (i) => {
    const sent = await slashCommand(ws, target, channelId, `note bench note ${i}: cache hit ratio down to ${40 + (i % 50)}%`);
    responseIds.add(sent.responseId);
    return sent.status;
  });
  let stored: number | undefined;
  if (target.visibleNotes) {
    log('waiting for the notes to be stored');
    const seen = await waitForNotes(target, channelId, baseline + size.commands, {
      loadDone: Promise.resolve(),
      timeoutMs: 10 * 60_000,
      stallMs: 30_000,
    });
    stored = seen.seen - baseline;
  }
  await within(target.settle(), 5 * 60_000, undefined);
  const responses = ws.standIn.responses.filter((r) => responseIds.has(r.id) && r.status === 200).length;
  return {
    target: target.name,
    sent: size.commands,
    perSecond: size.perSecond,
    ack: summarize(samples),
    stored,
    responses,
    chatUpdates: chatUpdates(ws) - updatesBefore,
  };
}
