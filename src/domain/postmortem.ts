import { minutesBetween } from './duration';
import type { Incident, TimelineEntry, TimelineKind } from './incident';

/**
 * What a postmortem draft says, before any formatting: the template turns this
 * into Markdown. Nothing here is invented: every field comes from what was recorded.
 */
export interface PostmortemModel {
  title: string;
  incidentNumber: number;
  channelId: string;
  channelName: string;
  start: Date;
  end: Date;
  durationMinutes: number;
  timeline: Array<{ at: Date; kind: TimelineKind; text: string; authorName: string }>;
  generatedAt: Date;
}

export function buildPostmortemModel(incident: Incident, entries: readonly TimelineEntry[], now: Date): PostmortemModel {
  // A stable sort: entries of the same instant keep the order they were recorded in.
  const timeline = [...entries].sort((a, b) => a.at.getTime() - b.at.getTime());
  const first = timeline[0]?.at;
  const start = first && first < incident.declaredAt ? first : incident.declaredAt;
  const end = incident.closedAt ?? now;
  return {
    title: incident.title,
    incidentNumber: incident.number,
    channelId: incident.channelId,
    channelName: incident.channelName,
    start,
    end,
    durationMinutes: minutesBetween(start, end),
    timeline: timeline.map((e) => ({ at: e.at, kind: e.kind, text: e.text, authorName: e.authorName })),
    generatedAt: now,
  };
}
