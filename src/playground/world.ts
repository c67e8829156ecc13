// The playground's world: a local Slack with the sample workspace in it, the page's server, drills, and the
// reset that starts it all over. The bot is started by the composition root (main.ts) and only told where
// Slack is: this file never reaches into it.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { LocalSlack } from '../localSlack/localSlack';
import { DrillRunner } from './drillRunner';
import { loadDrills, summarize, type Drill } from './drills';
import type { ActResult, AppCommand, AppShortcut, ServerEvent, Session } from './protocol';
import { seedWorkspace, type SampleWorkspace } from './sampleWorkspace';
import { startPlaygroundServer, type Playground } from './server';

const MANIFEST = path.resolve(__dirname, '..', '..', 'manifest.yml');
/** Records a long-running local Slack keeps (calls, deliveries, answers): enough to debug, bounded for days. */
const KEEP_RECORDS = 500;

interface Manifest {
  features?: {
    slash_commands?: Array<{ command: string; description?: string; usage_hint?: string }>;
    shortcuts?: Array<{ name: string; type: 'message' | 'global'; callback_id: string }>;
  };
}

/** The app's commands and shortcuts as Slack knows them: from its manifest, as a workspace's Slack would. */
function appSurfaces(): { commands: AppCommand[]; shortcuts: AppShortcut[] } {
  const manifest = parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  return {
    commands: (manifest.features?.slash_commands ?? []).map((c) => ({ command: c.command, description: c.description ?? '', usageHint: c.usage_hint ?? '' })),
    shortcuts: (manifest.features?.shortcuts ?? []).map((s) => ({ callbackId: s.callback_id, name: s.name, type: s.type })),
  };
}

export interface LocalSettings {
  /** Where the page listens: 127.0.0.1 unless told otherwise. */
  host: string;
  port: number;
  log: (line: string) => void;
}

/** What the bot needs to know from the playground: where its Slack is. */
export interface LocalSlackEnv {
  SLACK_BOT_TOKEN: string;
  SLACK_SIGNING_SECRET: string;
  SLACK_API_URL: string;
  ANNOUNCEMENTS_CHANNEL: string;
}

export interface BotSide {
  /** The bot's events URL (`http://127.0.0.1:PORT/slack/events`). */
  eventsUrl: string;
  /** Timeline reactions and their categories, as the bot is configured. */
  reactions: Record<string, string>;
  /** POSTMORTEM_TEMPLATE, when set: the page offers to re-draft when it changes. */
  templatePath: string | undefined;
  /** Stops the bot, empties its database and starts it again; resolves to its new events URL. */
  restart(): Promise<string>;
}

export class PlaygroundWorld {
  private workspace!: SampleWorkspace;
  private bot: BotSide | undefined;
  private server: Playground | undefined;
  private readonly watchers = new Set<(e: ServerEvent) => void>();
  private readonly drills: Drill[];
  private readonly surfaces = appSurfaces();
  private readonly runner: DrillRunner;
  private templateWatch: FSWatcher | undefined;
  private templateChangedAt = 0;

  private constructor(
    readonly slack: LocalSlack,
    readonly env: LocalSlackEnv,
    private readonly settings: LocalSettings,
  ) {
    const loaded = loadDrills();
    for (const problem of loaded.problems) settings.log(`playground: ${problem}`);
    this.drills = loaded.drills;
    this.runner = new DrillRunner(() => this.slack, (drill) => this.emit({ type: 'drill', drill }));
    slack.changes.subscribe((c) => this.emit({ type: 'change', what: c.what, ...(c.channelId ? { channelId: c.channelId } : {}), ...(c.userId ? { userId: c.userId } : {}) }));
  }

  /** A local Slack with the sample workspace, and the settings the bot needs to use it. */
  static async start(settings: LocalSettings): Promise<PlaygroundWorld> {
    const secrets = { botToken: `xoxb-local-${randomBytes(12).toString('hex')}`, signingSecret: randomBytes(24).toString('hex') };
    const slack = await LocalSlack.start({ ...secrets, deliverBotMessages: true, retries: true, keepRecords: KEEP_RECORDS });
    const world = new PlaygroundWorld(slack, { SLACK_BOT_TOKEN: secrets.botToken, SLACK_SIGNING_SECRET: secrets.signingSecret, SLACK_API_URL: slack.apiUrl, ANNOUNCEMENTS_CHANNEL: '' }, settings);
    world.workspace = await seedWorkspace(slack);
    world.env.ANNOUNCEMENTS_CHANNEL = world.workspace.announcementsChannelId;
    return world;
  }

  /** Points the local Slack at the running bot and opens the page; resolves to the page's URL. */
  async open(bot: BotSide): Promise<string> {
    this.bot = bot;
    this.slack.appUrl = bot.eventsUrl;
    this.server = await startPlaygroundServer(this, this.settings);
    if (bot.templatePath) this.watchTemplate(bot.templatePath);
    return this.server.url;
  }

  session(): Session {
    const names: Record<string, string> = {};
    for (const u of this.slack.state.allUsers()) names[u.id] = u.realName;
    return {
      workspace: { name: 'Playground', teamId: this.slack.teamId },
      bot: { userId: this.slack.botUserId, name: names[this.slack.botUserId] ?? 'Incident Bot' },
      people: this.workspace.people,
      names,
      timelineReactions: Object.entries(this.bot?.reactions ?? {}).map(([name, category]) => ({ name, category })),
      ...this.surfaces,
      drills: this.drills.map(summarize),
      template: this.bot?.templatePath ? { path: this.bot.templatePath, changedAt: this.templateChangedAt } : null,
    };
  }

  runDrill(id: string, request: { speed: number; as: string }): ActResult {
    const drill = this.drills.find((d) => d.id === id);
    if (!drill) return { ok: false, error: `There is no drill ${id}.` };
    const you = this.slack.user(request.as) ? request.as : (this.workspace.people[0]?.id ?? '');
    return this.runner.start(drill, request.speed, you, this.workspace) ? { ok: true } : { ok: false, error: 'A drill is running: stop it first.' };
  }

  stopDrill(): ActResult {
    this.runner.stop();
    return { ok: true };
  }

  /** Everything back to the start: the bot's database emptied, the workspace as it was seeded. */
  async reset(): Promise<ActResult> {
    if (!this.bot) return { ok: false, error: 'The bot is not running.' };
    this.runner.stop();
    this.slack.appUrl = undefined;
    const eventsUrl = await this.bot.restart();
    this.slack.reset();
    this.workspace = await seedWorkspace(this.slack);
    this.slack.appUrl = eventsUrl;
    this.env.ANNOUNCEMENTS_CHANNEL = this.workspace.announcementsChannelId;
    return { ok: true };
  }

  watch(send: (event: ServerEvent) => void): () => void {
    this.watchers.add(send);
    return () => this.watchers.delete(send);
  }

  async stop(): Promise<void> {
    this.runner.stop();
    this.templateWatch?.close();
    await this.server?.stop();
    await this.slack.stop();
  }

  private emit(event: ServerEvent): void {
    for (const send of this.watchers) send(event);
  }

  /** The page hears when the template file changes (its folder is watched: editors replace files). */
  private watchTemplate(file: string): void {
    const changed = () => {
      try {
        const at = statSync(file).mtimeMs;
        if (at === this.templateChangedAt) return;
        this.templateChangedAt = at;
        this.emit({ type: 'template', changedAt: at });
      } catch {
        // Mid-save: the next event finds the file.
      }
    };
    changed();
    this.templateWatch = watch(path.dirname(file), (_event, name) => {
      if (name === path.basename(file)) changed();
    });
  }
}
