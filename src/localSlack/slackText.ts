// How Slack turns what a person typed into message text. Slack stores and sends every typed `&`,
// `<`, `>` as an entity; only markup its client inserts (mentions, channel links, special
// mentions, user groups, dates, links) keeps real angle brackets. A stand-in that passed raw text
// through would let a bot that forgets to decode (or to escape again) pass every test.

// The tokens Slack's client produces. Ids are upper-case alphanumerics (U/W users, C/G channels,
// S user groups); labels run to the closing `>`; a URL has no spaces, `|` or brackets.
const MARKUP = new RegExp(
  [
    '<@[UW][A-Z0-9]+(?:\\|[^<>]*)?>',
    '<#[CG][A-Z0-9]+(?:\\|[^<>]*)?>',
    '<!(?:here|channel|everyone)(?:\\|[^<>]*)?>',
    '<!subteam\\^S[A-Z0-9]+(?:\\|[^<>]*)?>',
    '<!date\\^[^<>|]+\\|[^<>]*>',
    '<(?:https?://|mailto:)[^<>|\\s]+(?:\\|[^<>]*)?>',
  ].join('|'),
  'g',
);

/** Encodes all three characters, markup or not: what a literally typed `<!channel>` becomes. */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The text Slack stores for `typed`, where markup tokens in `typed` stand for mentions and links
 * inserted through the client's pickers. Inside a token only `&` is encoded (a URL's query string
 * or a label arrive as `&amp;`); the brackets stay. Typed `&amp;` becomes `&amp;amp;`. Slack's
 * client also wraps a bare URL in `<…>`; this does not, so write links as `<https://…>`.
 */
export function encodeTyped(typed: string): string {
  let out = '';
  let last = 0;
  for (const match of typed.matchAll(MARKUP)) {
    const at = match.index ?? 0;
    out += escapeEntities(typed.slice(last, at));
    out += match[0].replace(/&/g, '&amp;');
    last = at + match[0].length;
  }
  return out + escapeEntities(typed.slice(last));
}
