/**
 * Escapes user text for Slack mrkdwn. Turning &, < and > into entities is what
 * stops `<!channel>`, `<!here>`, `<@U…>` and `<url|label>` from acting: the bot
 * never pings anyone on a user's behalf.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to Slack's limits without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
