/**
 * Escapes user text for Slack mrkdwn. Turning &, < and > into entities is what
 * stops `<!channel>`, `<!here>`, `<@U…>` and `<url|label>` from acting: the bot
 * never pings anyone on a user's behalf.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cuts text to one of Slack's limits, which count UTF-16 code units (a
 * JavaScript string's length: an emoji outside the BMP counts two), with an
 * ellipsis. A surrogate pair is never split: half of one is not a character.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let end = max - 1; // room for the ellipsis, itself one unit
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate whose partner would be cut off
  return `${text.slice(0, end)}…`;
}
