import { SlackApiError } from '../errors';

/** The one door to Slack's Web API: every failure becomes a SlackApiError carrying Slack's own code. */

/** Errors that mean "already done": the call's goal holds, so they are not failures. */
const HARMLESS: Record<string, readonly string[]> = {
  'conversations.invite': ['already_in_channel', 'cant_invite_self'],
  'pins.add': ['already_pinned'],
  'conversations.join': ['already_in_channel'],
};

export function toSlackError(method: string, err: unknown): SlackApiError {
  if (typeof err !== 'object' || err === null) return new SlackApiError(method, String(err));
  if ('data' in err && typeof err.data === 'object' && err.data !== null && 'error' in err.data) {
    return new SlackApiError(method, String(err.data.error), undefined, { cause: err });
  }
  if ('retryAfter' in err && typeof err.retryAfter === 'number') return new SlackApiError(method, 'ratelimited', err.retryAfter, { cause: err });
  if ('statusCode' in err) return new SlackApiError(method, `http_${String(err.statusCode)}`, undefined, { cause: err });
  return new SlackApiError(method, 'request_failed', undefined, { cause: err });
}

/** Every Web API call goes through here: failures become SlackApiError with Slack's own code. */
export async function call<T>(method: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    const e = toSlackError(method, err);
    if (HARMLESS[method]?.includes(e.slackError)) return undefined;
    throw e;
  }
}

