import type { Incident } from './incident';
import { decodeMarkupPart, withoutMarks } from './slackText';

/**
 * Slack's markup in user text: `<@U123>` / `<@U123|name>` people, `<#C123|name>`
 * channels, `<!subteam^S123|@team>` groups, `<!here>` / `<!channel>` /
 * `<!everyone>` broadcasts, `<https://…|label>` links. Text is stored as Slack
 * sent it; these turn it into what a reader should see, with no markup left
 * that could ping anyone. A `<` a person typed carries slackText's LITERAL
 * mark and is never read as markup: text is read for markup once, as it came.
 */
const TOKEN = /(?<!\u2060)<([@#!])?([^<>|]+)(?:\|([^<>]*))?>/g;

export function mentionedUserIds(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(TOKEN)) if (m[1] === '@' && m[2]) ids.add(m[2]);
  return [...ids];
}

export function resolveMentions(text: string, names: ReadonlyMap<string, string>): string {
  return withoutMarks(text.replace(TOKEN, (whole, sigil: string | undefined, rawTarget: string, rawLabel: string | undefined) => {
    // Inside markup Slack keeps its entities; the rest of the text was decoded where it entered.
    const target = decodeMarkupPart(rawTarget);
    const label = rawLabel === undefined ? undefined : decodeMarkupPart(rawLabel);
    if (sigil === '@') return `@${names.get(target) ?? label ?? target}`;
    if (sigil === '#') return `#${label ?? target}`;
    if (sigil === '!') {
      if (target.startsWith('subteam^')) return label ?? '@group';
      if (target.startsWith('date^')) return label ?? target;
      return `@${target}`; // here, channel, everyone: named, not broadcast
    }
    if (/^(https?|mailto):/.test(target)) return label && label !== target ? `${label} (${target})` : target;
    return whole;
  }));
}

/** The incident's own texts, as people should read them. */
export const incidentTexts = (i: Incident): string[] => [i.title, i.impact ?? '', i.rootCause ?? ''];

/** The incident with mentions in its texts shown as names. */
export function showIncident(incident: Incident, names: ReadonlyMap<string, string>): Incident {
  const out: Incident = { ...incident, title: resolveMentions(incident.title, names) };
  if (incident.impact) out.impact = resolveMentions(incident.impact, names);
  if (incident.rootCause) out.rootCause = resolveMentions(incident.rootCause, names);
  return out;
}
