import { ZoneClock } from '../domain/zoneClock';
import { durationInWords, minutesBetween } from '../domain/duration';

/**
 * A time as Slack shows it to each reader, in the reader's own zone (`<!date^…>`), with a fallback in the
 * incident's zone where Slack does not render the token (notifications, older clients).
 */
export function slackDate(at: Date, timezone: string, format = '{date_short_pretty} {time}'): string {
  const clock = new ZoneClock(timezone);
  const fallback = `${clock.format(at, 'MMM d, h:mm a')} ${clock.zoneName(at)}`;
  // The fallback is plain text inside the token: nothing in it may end the token early.
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${fallback.replace(/[|<>]/g, ' ')}>`;
}

/**
 * How long ago `at` was, as each reader's Slack counts it when they look (`{ago}`), so a message edited now and
 * then never shows a stale age. The fallback is the age at `now`, when the message was written.
 */
export function slackAgo(at: Date, now: Date): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^{ago}|${durationInWords(minutesBetween(at, now))} ago>`;
}
