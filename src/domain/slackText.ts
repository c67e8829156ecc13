/**
 * Slack sends text entity-encoded: a typed `&`, `<`, `>` arrives as `&amp;`,
 * `&lt;`, `&gt;`, and only Slack's own markup (`<@U1>`, `<#C1|x>`, `<!here>`,
 * `<https://…|label>`) keeps real angle brackets. Text is decoded once, where
 * it enters, into what people typed; markup tokens are kept as Slack wrote
 * them (their labels still encoded, decoded once when shown, see mentions.ts).
 *
 * Decoding loses one fact: whether a `<` was Slack's or typed. A person who
 * types `<@U123>` must see those characters, not a name, so a typed `<` that
 * would read as markup is stored with LITERAL before it: an invisible word
 * joiner that tells every later reading "this is text". Shown text drops it.
 * Every surface escapes again for itself, so no text ever pings anyone.
 */
const MARKUP = /<[^<>]*>/g;

/** Marks a typed `<` that would otherwise read as Slack markup (U+2060 WORD JOINER: invisible if shown). */
export const LITERAL = '\u2060';

/** Where a `<` would start markup that means something when shown: a person, channel, broadcast or link. */
const MARKUP_START = /<(?=[@#!]|(?:https?|mailto):)/g;

const decodeEntities = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * Typed text (already free of entities) as it is stored: a `<` that would read
 * as markup is marked. A typed word joiner right before a `<` is dropped first,
 * so the mark always means what it says.
 */
export function typedText(plain: string): string {
  return plain.replace(/\u2060+(?=<)/g, '').replace(MARKUP_START, `${LITERAL}<`);
}

/** Message or command text as Slack sends it → as stored: typed text decoded once, Slack's markup kept. */
export function decodeSlackText(encoded: string): string {
  const source = encoded.replace(/\u2060+(?=<|&lt;)/g, '');
  let out = '';
  let last = 0;
  for (const m of source.matchAll(MARKUP)) {
    out += typedText(decodeEntities(source.slice(last, m.index))) + m[0];
    last = m.index + m[0].length;
  }
  return out + typedText(decodeEntities(source.slice(last)));
}

/** A label or URL inside a markup token, as the person wrote it (decoded here, once, when shown). */
export const decodeMarkupPart = decodeEntities;

/** Entities for a label put inside a markup token, so that it reads back through decodeMarkupPart unchanged. */
export const encodeMarkupPart = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Stored text → the characters a person typed (marks gone); markup is left for mentions.ts. */
export const withoutMarks = (stored: string): string => stored.replace(/\u2060(?=<)/g, '');
