/**
 * Slack sends text entity-encoded: a typed `&`, `<`, `>` arrives as `&amp;`,
 * `&lt;`, `&gt;`, and only Slack's own markup (`<@U1>`, `<#C1|x>`, `<!here>`,
 * `<https://…|label>`) keeps real angle brackets. Text is decoded once, where
 * it enters, into what people typed; markup tokens are kept as Slack wrote
 * them (their labels still encoded) so mentions can be shown as names later.
 * Every surface escapes again for itself, so no text ever pings anyone.
 */
const MARKUP = /<[^<>]*>/g;

const decodeEntities = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function decodeSlackText(encoded: string): string {
  let out = '';
  let last = 0;
  for (const m of encoded.matchAll(MARKUP)) {
    out += decodeEntities(encoded.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + decodeEntities(encoded.slice(last));
}

/** A label or URL inside a markup token, as the person wrote it. */
export const decodeMarkupPart = decodeEntities;
