import { App, type CustomRoute, type Logger } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { ServerResponse } from 'node:http';
import type { Config } from '../config';
import { registerListeners } from './listeners';
import type { ListenerDeps } from './listeners/deps';

/** Reads (history, people) are retried a few times within about a minute; 429s wait for Retry-After first. */
export const DEFAULT_READ_RETRIES: RetryOptions = { retries: 4, factor: 2, minTimeout: 1000, maxTimeout: 20_000, randomize: true };

/** What GET /readyz checks: the database answers, and the scheduled jobs (sweepers, reminders …) run. */
export interface Readiness {
  database: boolean;
  jobs: boolean;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * The Bolt app: HTTP (events stored before Slack hears the answer) or Socket
 * Mode, verifying every request, with the listeners registered; GET /healthz,
 * /readyz and /metrics on PORT in both modes.
 */
export function createBoltApp(opts: {
  config: Config;
  logger: Logger;
  isHealthy: () => Promise<boolean>;
  isReady?: () => Promise<Readiness>;
  metrics?: { contentType: string; render(): Promise<string> };
  retryConfig: RetryOptions;
  listeners: ListenerDeps;
}): App {
  const { config, logger } = opts;
  const socketMode = config.slack.appToken !== undefined;
  // The same health route in both modes: over HTTP beside /slack/events; in Socket Mode Bolt serves custom
  // routes from an HTTP server of its own on `installerOptions.port`, so orchestrators can probe either.
  const customRoutes: CustomRoute[] = [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        void opts.isHealthy().then((ok) => json(res, ok ? 200 : 503, { ok, database: ok ? 'up' : 'down' }));
      },
    },
  ];
  const { isReady, metrics } = opts;
  if (isReady) {
    // Readiness, not liveness: a load balancer stops sending work here, a supervisor does not restart.
    customRoutes.push({
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        void isReady().then(({ database, jobs }) => {
          const ok = database && jobs;
          json(res, ok ? 200 : 503, { ok, database: database ? 'up' : 'down', jobs: jobs ? 'running' : 'stopped' });
        });
      },
    });
  }
  if (metrics) {
    customRoutes.push({
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        metrics.render().then(
          (text) => {
            res.writeHead(200, { 'content-type': metrics.contentType });
            res.end(text);
          },
          (err: unknown) => {
            logger.error('metrics: could not render a scrape:', err);
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end('metrics unavailable\n');
          },
        );
      },
    });
  }
  const app = new App({
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    customRoutes,
    ...(socketMode
      ? { socketMode: true, appToken: config.slack.appToken, installerOptions: { port: config.port } }
      : {
          // The inbox write happens before Slack hears "200": a failure means a redelivery, not a lost event.
          processBeforeResponse: true,
        }),
    logger,
    // Bolt sets the level of the logger it is given; keep the one configured.
    logLevel: logger.getLevel(),
    deferInitialization: true,
    clientOptions: {
      ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
      retryConfig: opts.retryConfig,
    },
  });
  registerListeners(app, opts.listeners);
  return app;
}
