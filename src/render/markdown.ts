/**
 * Escapes user text so that, inside a Markdown document, it stays text: it
 * cannot open emphasis, code, headings, tables, lists or links, or close the
 * list item it sits in. A newline becomes a hard line break indented by two
 * spaces, so a multi-line note keeps its lines and stays inside its list item.
 */
// Only what can change structure mid-line: with `[` and `]` escaped, `(`, `)` and `!` cannot form a link or
// image, so they stay as typed — people edit this file, and every needless backslash is in their way.
const INLINE = /[\\`*_[\]<>|~]/g;

/** Anything that could need a backslash; most text has none of it and is returned as it is. */
const MAY_NEED_ESCAPING = /[\\`*_[\]<>|~\r\n]|^\s*(?:\d+[.)]|[-+=>#])/;

export function escapeMarkdown(text: string): string {
  if (!MAY_NEED_ESCAPING.test(text)) return text;
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(escapeLine)
    .join('  \n  ');
}

function escapeLine(line: string): string {
  const escaped = line.replace(INLINE, '\\$&');
  // A line that starts like a list item, a heading, a quote or a rule would change the structure.
  return escaped
    .replace(/^(\s*)(\d+)([.)])(\s|$)/, '$1$2\\$3$4')
    .replace(/^(\s*)([-+=>#])/, '$1\\$2');
}
