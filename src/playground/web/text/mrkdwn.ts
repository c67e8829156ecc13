// Slack's mrkdwn to a tree of strings and marks (see mrkdwnTypes.ts). Markup in `<…>` and known `:emoji:` names
// are read first as atoms, so a `*` inside a link label or a user's name never starts bold; then each line is
// read for *bold*, _italic_, ~strike~ and `code`, and lines starting with `>` become quotes.

import { decodeEntities } from './entities';
import { emojiFor } from './emoji';
import { markupNode } from './markup';
import type { Inline, MrkdwnBlock, TextContext } from './mrkdwnTypes';

/** A single character of decoded text, or an atom that formatting treats as one unbreakable piece. */
type Unit = string | Inline;

const MARKS: Record<string, 'bold' | 'italic' | 'strike' | 'code'> = { '*': 'bold', _: 'italic', '~': 'strike', '`': 'code' };
const EMOJI_NAME = /:([a-z0-9_+'-]+(?:::skin-tone-\d)?):/g;

/** Decoded text with known `:names:` as emoji atoms, split into single characters. */
function textUnits(encoded: string): Unit[] {
  const text = decodeEntities(encoded);
  const units: Unit[] = [];
  let last = 0;
  for (const m of text.matchAll(EMOJI_NAME)) {
    const char = emojiFor(m[1] ?? '');
    if (char === null) continue;
    units.push(...Array.from(text.slice(last, m.index)));
    units.push({ kind: 'emoji', name: m[1] ?? '', char });
    last = m.index + m[0].length;
  }
  units.push(...Array.from(text.slice(last)));
  return units;
}

/** Entity-encoded text to units: `<…>` markup becomes one atom, the rest characters and emoji. */
function toUnits(encoded: string, ctx: TextContext): Unit[] {
  const units: Unit[] = [];
  let last = 0;
  for (const m of encoded.matchAll(/<([^<>]*)>/g)) {
    units.push(...textUnits(encoded.slice(last, m.index)));
    units.push(markupNode(m[1] ?? '', ctx));
    last = m.index + m[0].length;
  }
  units.push(...textUnits(encoded.slice(last)));
  return units;
}

const isSpace = (u: Unit | undefined): boolean => typeof u === 'string' && /\s/.test(u);
const isWord = (u: Unit | undefined): boolean => typeof u === 'string' && /[\p{L}\p{N}]/u.test(u);

/** A mark opens after a boundary (start, space, punctuation) and before something that is not a space. */
function canOpen(units: Unit[], i: number, end: number): boolean {
  return !isWord(units[i - 1]) && i + 1 < end && !isSpace(units[i + 1]);
}

/** Where the mark opened at `i` closes on this line, or -1; the content is never empty. */
function closing(units: Unit[], i: number, end: number): number {
  const mark = units[i];
  for (let k = i + 2; k < end; k++) {
    if (units[k] !== mark) continue;
    if (mark === '`') return k;
    const after = k + 1 < end ? units[k + 1] : undefined;
    if (!isSpace(units[k - 1]) && !isWord(after)) return k;
  }
  return -1;
}

/** Characters merged back into text nodes; atoms kept as they are. */
function plain(units: Unit[], from: number, to: number): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  for (let i = from; i < to; i++) {
    const u = units[i];
    if (u === undefined) continue;
    if (typeof u === 'string') {
      buffer += u;
      continue;
    }
    if (buffer) out.push({ kind: 'text', text: buffer });
    buffer = '';
    out.push(u);
  }
  if (buffer) out.push({ kind: 'text', text: buffer });
  return out;
}

/** One line's units to inlines, reading marks recursively (bold may hold italic, and so on). */
function inlines(units: Unit[], from: number, to: number): Inline[] {
  const out: Inline[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const u = units[i];
    const kind = typeof u === 'string' ? MARKS[u] : undefined;
    if (kind === undefined || !canOpen(units, i, to)) continue;
    const close = closing(units, i, to);
    if (close === -1) continue;
    out.push(...plain(units, start, i));
    out.push(kind === 'code' ? { kind, children: plain(units, i + 1, close) } : { kind, children: inlines(units, i + 1, close) });
    i = close;
    start = close + 1;
  }
  out.push(...plain(units, start, to));
  return out;
}

/** One line of encoded text to inlines. */
export function parseLine(encoded: string, ctx: TextContext): Inline[] {
  const units = toUnits(encoded, ctx);
  return inlines(units, 0, units.length);
}

/** Lines outside preformatted blocks: runs of plain lines and of `>` quotes (`>>>` quotes everything after it). */
function lineBlocks(piece: string, ctx: TextContext): MrkdwnBlock[] {
  const blocks: MrkdwnBlock[] = [];
  const push = (kind: 'lines' | 'quote', line: Inline[]): void => {
    const last = blocks[blocks.length - 1];
    if (last && last.kind === kind) last.lines.push(line);
    else blocks.push({ kind, lines: [line] });
  };
  const lines = piece.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('&gt;&gt;&gt;')) {
      const rest = [line.slice(12).replace(/^ /, ''), ...lines.slice(i + 1)];
      for (const quoted of rest) push('quote', parseLine(quoted, ctx));
      break;
    }
    if (line.startsWith('&gt;')) push('quote', parseLine(line.slice(4).replace(/^ /, ''), ctx));
    else push('lines', parseLine(line, ctx));
  }
  return blocks;
}

/** Entity-encoded mrkdwn, as Slack sends it, to blocks of inlines for one reader. */
export function parseMrkdwn(encoded: string, ctx: TextContext): MrkdwnBlock[] {
  const blocks: MrkdwnBlock[] = [];
  const pieces = encoded.split(/```([\s\S]*?)```/);
  pieces.forEach((piece, index) => {
    if (index % 2 === 1) {
      const units = toUnits(piece.replace(/^\n/, '').replace(/\n$/, ''), ctx);
      blocks.push({ kind: 'pre', children: plain(units, 0, units.length) });
      return;
    }
    // The newline that separates text from a ``` block belongs to neither.
    let text = piece;
    if (index > 0) text = text.replace(/^\n/, '');
    if (index < pieces.length - 1) text = text.replace(/\n$/, '');
    if (text === '' && pieces.length > 1) return;
    blocks.push(...lineBlocks(text, ctx));
  });
  return blocks;
}

/** A plain_text object's text: no marks, but `:emoji:` names are shown when the object asks for them. */
export function parsePlain(encoded: string, emoji: boolean): Inline[] {
  if (!emoji) return [{ kind: 'text', text: decodeEntities(encoded) }];
  const units = textUnits(encoded);
  return plain(units, 0, units.length);
}

/** The words of parsed text, without marks: for tests, titles and previews. */
export function inlineText(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.kind) {
        case 'text': case 'broadcast': case 'link': case 'date': return n.text;
        case 'user': return `@${n.name}`;
        case 'channel': return `#${n.name}`;
        case 'emoji': return n.char;
        default: return inlineText(n.children);
      }
    })
    .join('');
}

/** All blocks' words, lines joined by newlines. */
export function blocksText(blocks: MrkdwnBlock[]): string {
  return blocks.map((b) => (b.kind === 'pre' ? inlineText(b.children) : b.lines.map(inlineText).join('\n'))).join('\n');
}
