import { App, type Logger } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Config } from '../config';
import type { ServiceDeps } from '../services/deps';
import { BackgroundTasks } from './background';
import { registerListeners } from './listeners';
import { createSlackPort } from './slackPort';

export interface SlackAppOptions {
  config: Config;
  logger: Logger;
  isHealthy: () => Promise<boolean>;
  services: Omit<ServiceDeps, 'slack'>;
  /** How the Web API client retries failed calls (429s wait for Retry-After first). */
  retryConfig?: RetryOptions;
}

/** In production a failed call is retried a few times within about a minute, not for half an hour. */
const DEFAULT_RETRIES: RetryOptions = { retries: 4, factor: 2, minTimeout: 1000, maxTimeout: 20_000, randomize: true };

export interface SlackApp {
  app: App;
  /** The use cases wired to this app's Web API client (jobs run with these too). */
  services: ServiceDeps;
  background: BackgroundTasks;
  /** Starts the receiver; in HTTP mode resolves to the port it listens on. */
  start(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export function createSlackApp(opts: SlackAppOptions): SlackApp {
  const { config, logger } = opts;
  const socketMode = config.slack.appToken !== undefined;
  const app = new App({
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    ...(socketMode
      ? { socketMode: true, appToken: config.slack.appToken }
      : {
          // Events are stored before Slack hears "200": a failure means a redelivery, not a lost entry.
          processBeforeResponse: true,
          customRoutes: [
            {
              path: '/healthz',
              method: ['GET'],
              handler: (_req, res) => {
                void opts.isHealthy().then((ok) => {
                  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
                  res.end(JSON.stringify({ ok, database: ok ? 'up' : 'down' }));
                });
              },
            },
          ],
        }),
    logger,
    // Bolt sets the level of the logger it is given; keep the one configured.
    logLevel: logger.getLevel(),
    deferInitialization: true,
    clientOptions: {
      ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
      retryConfig: opts.retryConfig ?? DEFAULT_RETRIES,
    },
  });
  const background = new BackgroundTasks((err) => logger.error('background work failed:', err));
  const services: ServiceDeps = { ...opts.services, slack: createSlackPort(app.client) };
  registerListeners(app, { services, background, logger });

  return {
    app,
    services,
    background,
    async start() {
      await app.init();
      const server = socketMode ? await app.start() : await app.start(config.port);
      const address = server && typeof server === 'object' && 'address' in server ? server.address() : null;
      return address && typeof address === 'object' ? address.port : undefined;
    },
    async stop() {
      await app.stop();
      await background.drain();
    },
  };
}
