import { ROLES, type Phase, type Role, type Severity } from './commandTypes';
import type { IncidentStatus, TimelineEntry, TimelineKind } from './incident';
import { calendarFacts } from './postmortemCalendar';
import type { PostmortemInput } from './postmortemInput';
import type { TimelineDay, TimelineItem } from './postmortemItems';
import { deadEnds, impactWindow, phaseTimings, type DeadEndSpan, type ImpactWindow, type PhaseTiming } from './postmortemTiming';

export type { TimelineDay, TimelineItem } from './postmortemItems';
export type { ImpactWindow, PhaseKey, PhaseTiming, WindowEndSource, WindowStartSource } from './postmortemTiming';

/** A dead end and the time spent on it. */
export type DeadEnd = DeadEndSpan<TimelineItem>;

export interface RoleHolder {
  role: Role;
  name: string | null;
}

export interface ActionLine {
  /** `/incident action` tasks are numbered; marked follow-ups are not. */
  number: number | null;
  text: string;
  owner: string | null;
  createdAt: Date;
  /** Who marked it done and when; null while it is open. */
  done: { by: string; at: Date } | null;
}

/** The close that ended the incident as it stands now. */
export interface Closing {
  at: Date;
  by: string;
  /** What the closer typed after `/incident close`, if anything. */
  resolution: string | null;
}

/**
 * What a postmortem draft says, before any formatting: the template turns this
 * into Markdown. Nothing here is invented: every field comes from what was
 * recorded, and anything unknown is null or empty so the template can ask for it.
 * Every field is always present (null rather than missing) because templates
 * are compiled with `strict: true`.
 */
export interface PostmortemModel {
  title: string;
  incidentNumber: number;
  /** The zone the calendar facts (days, zone changes) were worked out in; the renderer must use the same. */
  timezone: string;
  status: IncidentStatus;
  phase: Phase;
  severity: Severity | null;
  channel: { id: string; name: string; url: string | null };
  declared: { at: Date; by: string };
  window: ImpactWindow;
  /** Every impact statement, verbatim, oldest first. */
  impact: readonly string[];
  rootCause: readonly string[];
  /** Every role, in the order ROLES lists them. */
  roles: readonly RoleHolder[];
  participants: readonly string[];
  timeline: {
    entries: readonly TimelineItem[];
    days: readonly TimelineDay[];
    /** The incident runs over more than one calendar day: each day gets a header. */
    showDates: boolean;
    /** The zone's abbreviation changes during the incident (a DST switch): each time names its zone. */
    showZones: boolean;
  };
  resolution: { steps: readonly TimelineItem[]; closing: Closing | null };
  deadEnds: readonly DeadEnd[];
  phases: readonly PhaseTiming[];
  actions: readonly ActionLine[];
  generatedAt: Date;
}

const TAGS: Partial<Record<TimelineKind, string>> = {
  detection: 'detection',
  investigation: 'investigation',
  dead_end: 'ruled out',
  escalation: 'escalation',
  root_cause: 'root cause',
  mitigation: 'mitigation',
  resolution: 'resolution',
  follow_up: 'follow-up',
  impact: 'impact',
  action: 'action',
  update: 'update',
};

export function buildPostmortemModel(input: PostmortemInput, opts: { timezone: string }): PostmortemModel {
  const { incident, names } = input;
  const nameOf = (id: string): string => names.get(id) ?? id;
  // A stable sort: entries of the same instant keep the order they were recorded in.
  const sorted = [...input.entries].sort((a, b) => a.at.getTime() - b.at.getTime());
  const items = sorted.map(toItem);
  const window = impactWindow(incident, sorted, input.now);
  const calendar = calendarFacts(opts.timezone, window, items);

  return {
    title: incident.title,
    incidentNumber: incident.number,
    timezone: opts.timezone,
    status: incident.status,
    phase: incident.phase,
    severity: incident.severity ?? null,
    channel: { id: incident.channelId, name: incident.channelName, url: input.channelUrl ?? null },
    declared: { at: incident.declaredAt, by: nameOf(incident.declaredBy) },
    window: { ...window, sameDay: calendar.sameDay, sameZone: calendar.sameZone },
    impact: statements(sorted, 'impact', incident.impact),
    rootCause: present(incident.rootCause) ? [incident.rootCause] : textsOf(sorted, 'root_cause'),
    roles: ROLES.map((role) => {
      const id = incident.roles[role];
      return { role, name: id === undefined ? null : nameOf(id) };
    }),
    participants: [...input.participants],
    timeline: { entries: items, days: calendar.days, showDates: calendar.showDates, showZones: calendar.showZones },
    resolution: {
      steps: items.filter((e) => e.kind === 'mitigation' || e.kind === 'resolution'),
      closing: incident.status === 'closed' ? closing(sorted) : null,
    },
    deadEnds: deadEnds(sorted, window.start).map(({ entry, since, minutes }) => ({ entry: toItem(entry), since, minutes })),
    phases: phaseTimings(incident, sorted, window),
    actions: [...input.actions]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((a) => ({
        number: a.number ?? null,
        text: a.text,
        owner: a.ownerId === undefined ? null : nameOf(a.ownerId),
        createdAt: a.createdAt,
        done: a.done ? { by: nameOf(a.done.by), at: a.done.at } : null,
      })),
    generatedAt: input.now,
  };
}

function toItem(e: TimelineEntry): TimelineItem {
  return {
    at: e.at,
    kind: e.kind,
    tag: TAGS[e.kind] ?? null,
    ruledOut: e.kind === 'dead_end',
    text: e.text,
    authorName: e.authorName,
    source: e.source,
    permalink: e.permalink ?? null,
    messageLink: e.source === 'shortcut' ? (e.permalink ?? null) : null,
    note: e.note ?? null,
    files: (e.files ?? []).map((f) => ({ name: f.name, link: f.link ?? null })),
  };
}

const present = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';

const textsOf = (entries: readonly TimelineEntry[], kind: TimelineKind): string[] =>
  entries.filter((e) => e.kind === kind && present(e.text)).map((e) => e.text);

/** The statements recorded on the timeline, or the incident's field when the timeline has none. */
function statements(entries: readonly TimelineEntry[], kind: TimelineKind, latest: string | undefined): string[] {
  const texts = textsOf(entries, kind);
  if (texts.length > 0) return texts;
  return present(latest) ? [latest] : [];
}

/**
 * Only the latest close counts: after a reopen, an earlier close's resolution
 * turned out not to be one.
 */
function closing(sorted: readonly TimelineEntry[]): Closing | null {
  const last = sorted.filter((e) => e.kind === 'closed').at(-1);
  if (!last) return null;
  const resolution = last.fact?.kind === 'closed' ? last.fact.resolution?.trim() : undefined;
  return { at: last.at, by: last.authorName, resolution: resolution ? resolution : null };
}
