/**
 * Errors the bot expects, each with a code and a sentence for the person who
 * caused it. Anything else is a bug and goes to the app's error handler.
 */
export type ErrorCode =
  | 'INVALID_COMMAND'
  | 'NOT_AN_INCIDENT_CHANNEL'
  | 'INCIDENT_ALREADY_CLOSED'
  | 'INCIDENT_CLOSED'
  | 'INCIDENT_NOT_CLOSED'
  | 'NOT_A_MEMBER'
  | 'USER_NOT_FOUND'
  | 'SLACK_API_ERROR';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Safe to show to the user (already free of secrets). */
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = 'AppError';
  }
}

/** A Web API call that Slack answered with `ok: false` or that could not be made. */
export class SlackApiError extends AppError {
  constructor(
    readonly method: string,
    readonly slackError: string,
    options?: { cause?: unknown },
  ) {
    super('SLACK_API_ERROR', `Slack refused ${method} (${slackError}).`, options);
    this.name = 'SlackApiError';
  }
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;
