// Slack's angle-bracket markup: `<@U1|name>`, `<#C1|name>`, `<!here>`, `<!date^…|fallback>`, `<url|label>`.
// Each becomes one inline node; the text inside is entity-decoded here and never read as markup again.

import { formatDateTokens, fullTime } from './dateTokens';
import { decodeEntities, isSafeUrl } from './entities';
import type { Inline, TextContext } from './mrkdwnTypes';

/** The inside of `<…>` (without the brackets) as the node a reader sees. */
export function markupNode(inner: string, ctx: TextContext): Inline {
  const bar = inner.indexOf('|');
  const head = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? null : decodeEntities(inner.slice(bar + 1));
  if (head.startsWith('@')) {
    const id = head.slice(1);
    return { kind: 'user', id, name: ctx.names[id] ?? label ?? id };
  }
  if (head.startsWith('#')) {
    const id = head.slice(1);
    return { kind: 'channel', id, name: label ?? ctx.channels[id] ?? id };
  }
  if (head.startsWith('!')) return specialNode(head.slice(1), label, ctx);
  const url = decodeEntities(head);
  if (isSafeUrl(url)) return { kind: 'link', url, text: label ?? url };
  return { kind: 'text', text: label ?? url };
}

/** `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^ID|@handle>`, `<!date^…>`. */
function specialNode(body: string, label: string | null, ctx: TextContext): Inline {
  const parts = body.split('^');
  const command = parts[0] ?? '';
  if (command === 'here' || command === 'channel' || command === 'everyone') return { kind: 'broadcast', text: `@${command}` };
  if (command === 'subteam') return { kind: 'broadcast', text: label ?? `@${parts[1] ?? 'group'}` };
  if (command === 'date') {
    const unix = Number(parts[1]);
    const format = decodeEntities(parts[2] ?? '');
    const link = parts[3] === undefined ? undefined : decodeEntities(parts[3]);
    const shown = formatDateTokens(unix, format, ctx.zone, ctx.now);
    const text = shown ?? label ?? format;
    const title = Number.isFinite(unix) ? fullTime(unix, ctx.zone) : text;
    return link !== undefined && isSafeUrl(link) ? { kind: 'date', text, url: link, title } : { kind: 'date', text, title };
  }
  return { kind: 'text', text: label ?? `<${decodeEntities(body)}>` };
}
