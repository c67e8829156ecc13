// Slack encodes exactly three characters in message text; everything else arrives as itself.

/** `&amp;`, `&lt;`, `&gt;` back to `&`, `<`, `>` (only these: Slack sends no other entities). */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_all, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

/** A URL a link may point at: the web and mail, never `javascript:` or `data:`. */
export function isSafeUrl(url: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(url.trim());
}
