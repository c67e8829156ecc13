// Plays a drill in the local Slack, one step at a time at the chosen speed, as the sample people: the bot
// hears it exactly as it would hear people in Slack. One drill runs at a time; Stop ends it between steps.
import type { LocalSlack } from '../localSlack/localSlack';
import { withMarkup } from './acts';
import { DrillError, type Drill, type DrillStep } from './drills';
import type { DrillProgress, Person } from './protocol';

export interface DrillCast {
  people: Person[];
  /** Channel names to ids (the sample workspace's). */
  channels: Record<string, string>;
}

/** How long a declaration may take to open its channel before the drill gives up. */
const CHANNEL_WAIT_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describe(s: DrillStep): string {
  const who = s.by ?? s.alert?.from ?? '';
  if (s.say !== undefined) return `${who} posts in #${s.in}`;
  if (s.alert !== undefined) return `${s.alert.from} alerts in #${s.in}`;
  if (s.react !== undefined) return `${who} reacts :${s.react}:`;
  return `${who}: /incident ${(s.command ?? '').split(' ')[0] ?? ''}`;
}

export class DrillRunner {
  private current: { drill: Drill; stopped: boolean } | undefined;

  constructor(
    private readonly slack: () => LocalSlack,
    private readonly report: (progress: DrillProgress) => void,
  ) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Starts a drill in the background; false when one is running already. */
  start(drill: Drill, speed: number, you: string, cast: DrillCast): boolean {
    if (this.current) return false;
    const run = { drill, stopped: false };
    this.current = run;
    const progress = (state: DrillProgress['state'], step: number, line: string) => this.report({ id: drill.id, title: drill.title, state, step, of: drill.steps.length, line });
    void this.play(run, Math.max(0.1, speed), you, cast, (step, line) => progress('running', step, line))
      .then(() => progress(run.stopped ? 'stopped' : 'finished', drill.steps.length, run.stopped ? 'Stopped.' : 'Done: the draft is in the incident channel.'))
      .catch((err: unknown) => progress('failed', 0, err instanceof Error ? err.message : String(err)))
      .finally(() => {
        if (this.current === run) this.current = undefined;
      });
    return true;
  }

  stop(): void {
    if (this.current) this.current.stopped = true;
  }

  private async play(run: { drill: Drill; stopped: boolean }, speed: number, you: string, cast: DrillCast, progress: (step: number, line: string) => void): Promise<void> {
    const started = Date.now();
    const named = new Map<string, { channelId: string; ts: string }>();
    let incident: string | undefined;
    for (const [i, s] of run.drill.steps.entries()) {
      const due = started + s.at / speed;
      while (!run.stopped && Date.now() < due) await sleep(Math.min(100, due - Date.now()));
      if (run.stopped) return;
      const slack = this.slack();
      const fail = (why: string): never => {
        throw new DrillError(`step ${i + 1} (${describe(s)}): ${why}`);
      };
      const who = s.by === undefined ? '' : s.by === 'you' ? you : (cast.people.find((p) => p.name === s.by)?.id ?? fail(`no person "${s.by}" in the workspace`));
      const channelId = s.in === 'incident' ? (incident ?? fail('no incident channel yet: a `start` command must come first')) : (cast.channels[s.in] ?? slack.channelByName(s.in)?.id ?? fail(`no channel #${s.in}`));
      const channel = slack.channel(channelId) ?? fail(`no channel #${s.in}`);
      if (who !== '' && !channel.members.includes(who)) {
        if (channel.isPrivate) fail(`${s.by} is not in the private channel`);
        await slack.userJoins(who, channelId);
      }
      let ts: string | undefined;
      if (s.say !== undefined) {
        const parent = s.reply_to === undefined ? undefined : named.get(s.reply_to);
        ts = String((await slack.userPosts(who, parent?.channelId ?? channelId, withMarkup(slack, s.say), parent ? { threadTs: parent.ts } : {})).event.ts);
      } else if (s.alert !== undefined) {
        const a = s.alert;
        const attachment = { color: a.color ?? '#e01e5a', fallback: a.title, title: a.title, text: a.text, ...(a.link ? { title_link: a.link } : {}) };
        ts = String((await slack.integrationPosts(channelId, { username: a.from, attachments: [attachment] })).event.ts);
      } else if (s.react !== undefined) {
        const target = named.get(s.on ?? '') ?? fail(`no message named "${s.on}"`);
        await slack.userReacts(who, target.channelId, target.ts, s.react);
      } else if (s.command !== undefined) {
        const before = new Set(slack.state.allChannels().map((c) => c.id));
        const http = await slack.userRunsCommand(who, channelId, withMarkup(slack, s.command));
        if (http.status !== 200) fail(`the bot answered ${http.status || 'nothing'}`);
        if (/^(start|declare)\b/.test(s.command)) incident = await this.newChannel(before, run) ?? fail('the bot opened no incident channel');
      }
      if (s.name !== undefined && ts !== undefined) named.set(s.name, { channelId, ts });
      progress(i + 1, describe(s));
    }
  }

  /** The channel the bot opens for a declaration: the first one it creates that was not there before. */
  private async newChannel(before: Set<string>, run: { stopped: boolean }): Promise<string | undefined> {
    const until = Date.now() + CHANNEL_WAIT_MS;
    while (!run.stopped && Date.now() < until) {
      const slack = this.slack();
      const made = slack.state.allChannels().find((c) => !before.has(c.id) && c.creator === slack.botUserId);
      if (made) return made.id;
      await sleep(100);
    }
    return undefined;
  }
}
