import type { ErrorMessage } from './domain/notices';

/**
 * Refusals the bot expects, each with a code and the facts the person needs;
 * `src/slack` words them. Anything else is a bug and goes to the log.
 */
export type ErrorCode =
  | 'INVALID_COMMAND'
  | 'NOT_AN_INCIDENT_CHANNEL'
  | 'INCIDENT_ALREADY_CLOSED'
  | 'INCIDENT_CLOSED'
  | 'INCIDENT_NOT_CLOSED'
  | 'NOT_A_MEMBER'
  | 'USER_NOT_FOUND'
  | 'DRAFT_TOO_SOON'
  | 'EXTERNAL_USER'
  | 'CANNOT_ADOPT'
  | 'NO_SUCH_ACTION'
  | 'NOT_ACTION_OWNER'
  | 'MESSAGE_NOT_FOUND'
  | 'INCIDENT_NOT_FOUND';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: ErrorMessage,
  ) {
    super(`${code}: ${details.kind}`);
    this.name = 'AppError';
  }
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;

/** Another delivery holds the outbox job now: this one stops, changing nothing more. */
export class LostLeaseError extends Error {
  constructor(jobId: string) {
    super(`outbox: ${jobId} was taken over by another delivery`);
    this.name = 'LostLeaseError';
  }
}

/** A Web API call Slack refused (`ok: false`, HTTP error, 429) or that could not be made. */
export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    readonly slackError: string,
    /** Seconds Slack asked to wait (429). */
    readonly retryAfterSec?: number,
    options?: { cause?: unknown },
  ) {
    super(`Slack refused ${method} (${slackError})`, options);
    this.name = 'SlackApiError';
  }

  /** Worth trying again later: rate limits, Slack's own outages, the network. */
  get transient(): boolean {
    return /^(ratelimited|request_failed|http_5\d\d|internal_error|fatal_error|service_unavailable|request_timeout|team_added_to_org)$/.test(this.slackError);
  }
}

/** The postmortem template, changed on disk since the bot started, no longer compiles or fits the model. */
export class TemplateError extends Error {
  constructor(
    readonly templatePath: string,
    readonly reason: string,
  ) {
    super(`Postmortem template ${templatePath} cannot be used: ${reason}`);
    this.name = 'TemplateError';
  }
}
