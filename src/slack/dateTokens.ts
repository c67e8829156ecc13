import { ZoneClock } from '../domain/zoneClock';

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
