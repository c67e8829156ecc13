import { resolveClockTime } from '../domain/clockTime';
import type { ClockTime, Phase, Role, Severity, UserMention } from '../domain/commandTypes';
import type { Incident, IncidentChanges, TimelineKind } from '../domain/incident';
import { AppError } from '../errors';
import { escapeMrkdwn, truncate } from '../slack/escape';
import type { ServiceDeps } from './deps';
import { displayText } from './display';
import { requireChangeable, requireIncident, requireMember } from './lookup';
import { refreshSummary } from './summary';

/** Who asked, where, and the id Slack gave this one invocation (the key that makes it count once). */
export interface CommandContext {
  channelId: string;
  userId: string;
  triggerId: string;
}

export interface ChangeResult {
  incident: Incident;
  /** For the caller only. */
  reply: string;
}

const MESSAGE_MAX = 3000;

/**
 * Records one command: its timeline entry (keyed by the invocation, so the
 * same command delivered twice records once), the incident's new fields, the
 * refreshed summary and, for changes everyone should see, a post in the channel.
 */
async function record(
  deps: ServiceDeps,
  incident: Incident,
  ctx: CommandContext,
  entry: { kind: TimelineKind; text: string; at?: Date },
  changes: IncidentChanges = {},
  announcement?: string,
): Promise<Incident> {
  const now = deps.now();
  const added = await deps.repos.timeline.add({
    incidentId: incident.id,
    key: `cmd:${ctx.triggerId}`,
    kind: entry.kind,
    source: 'command',
    at: entry.at ?? now,
    authorId: ctx.userId,
    authorName: await deps.slack.userName(ctx.userId),
    text: entry.text,
  });
  if (!added) return incident;
  const updated = (await deps.repos.incidents.update(incident.id, { ...changes, lastActivityAt: now })) ?? incident;
  await refreshSummary(deps, updated);
  if (announcement) await deps.slack.postMessage(incident.channelId, { text: truncate(announcement, MESSAGE_MAX) });
  return updated;
}

export async function addNote(deps: ServiceDeps, ctx: CommandContext, input: { text: string; time?: ClockTime }): Promise<ChangeResult> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const at = input.time ? resolveClockTime(input.time, deps.now(), deps.settings.timezone) : deps.now();
  const updated = await record(deps, incident, ctx, { kind: 'note', text: input.text, at });
  return { incident: updated, reply: `Added to the timeline at ${clock(deps, at)}.` };
}

export async function setStatus(deps: ServiceDeps, ctx: CommandContext, phase: Phase): Promise<ChangeResult> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  if (incident.phase === phase) return { incident, reply: `The status already is *${phase}*.` };
  const updated = await record(
    deps,
    incident,
    ctx,
    { kind: 'status', text: `Status changed from ${incident.phase} to ${phase}` },
    { phase, milestones: { [phase]: deps.now() } },
    `<@${ctx.userId}> changed the status from *${incident.phase}* to *${phase}*.`,
  );
  return { incident: updated, reply: `Status set to *${phase}*.` };
}

export async function setSeverity(deps: ServiceDeps, ctx: CommandContext, severity: Severity): Promise<ChangeResult> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  if (incident.severity === severity) return { incident, reply: `The severity already is *${severity.toUpperCase()}*.` };
  const change = incident.severity
    ? `from ${incident.severity.toUpperCase()} to ${severity.toUpperCase()}`
    : `to ${severity.toUpperCase()}`;
  const updated = await record(
    deps,
    incident,
    ctx,
    { kind: 'severity', text: `Severity changed ${change}` },
    { severity },
    `<@${ctx.userId}> changed the severity ${change}.`,
  );
  return { incident: updated, reply: `Severity set to *${severity.toUpperCase()}*.` };
}

export async function assignRole(deps: ServiceDeps, ctx: CommandContext, role: Role, who: UserMention): Promise<ChangeResult> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const userId = await resolveUser(deps, who);
  await deps.slack.invite(incident.channelId, [userId]);
  const updated = await record(
    deps,
    incident,
    ctx,
    { kind: 'role', text: `<@${userId}> is now ${role}` },
    { roles: { [role]: userId } },
    `<@${userId}> is now the incident ${role} (set by <@${ctx.userId}>).`,
  );
  return { incident: updated, reply: `<@${userId}> is now ${role}.` };
}

const STATEMENTS = {
  impact: { kind: 'impact', field: 'impact', label: 'impact', reply: 'Impact recorded.' },
  rootcause: { kind: 'root_cause', field: 'rootCause', label: 'root cause', reply: 'Root cause recorded.' },
} as const;

/** `impact` and `rootcause`: a statement kept verbatim on the incident and on the timeline. */
export async function recordStatement(
  deps: ServiceDeps,
  ctx: CommandContext,
  which: keyof typeof STATEMENTS,
  text: string,
): Promise<ChangeResult> {
  const statement = STATEMENTS[which];
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const updated = await record(
    deps,
    incident,
    ctx,
    { kind: statement.kind, text },
    { [statement.field]: text },
    `<@${ctx.userId}> recorded the ${statement.label}: ${escapeMrkdwn(await displayText(deps, text))}`,
  );
  return { incident: updated, reply: statement.reply };
}

export async function addAction(deps: ServiceDeps, ctx: CommandContext, input: { text: string; owner?: UserMention }): Promise<ChangeResult> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const ownerId = input.owner ? await resolveUser(deps, input.owner) : undefined;
  const key = `cmd:${ctx.triggerId}`;
  await deps.repos.actions.add({
    incidentId: incident.id,
    key,
    text: input.text,
    createdBy: ctx.userId,
    createdAt: deps.now(),
    ...(ownerId ? { ownerId } : {}),
  });
  const owner = ownerId ? ` (owner <@${ownerId}>)` : '';
  const updated = await record(
    deps,
    incident,
    ctx,
    { kind: 'action', text: `${input.text}${owner}` },
    {},
    `<@${ctx.userId}> added a follow-up action: ${escapeMrkdwn(await displayText(deps, input.text))}${owner}`,
  );
  return { incident: updated, reply: 'Follow-up action added.' };
}

/** `/incident started|ended HH:MM`: the impact window as a person states it, shown on the timeline at that time. */
export async function setImpactWindow(
  deps: ServiceDeps,
  ctx: CommandContext,
  edge: 'started' | 'ended',
  time: ClockTime,
): Promise<ChangeResult> {
  const incident = await requireIncident(deps, ctx.channelId);
  await requireMember(deps, incident, ctx.userId);
  const at = resolveClockTime(time, deps.now(), deps.settings.timezone);
  const other = edge === 'started' ? incident.impactEndedAt : incident.impactStartedAt;
  if (other && (edge === 'started' ? at > other : at < other)) {
    throw new AppError('INVALID_COMMAND', `The impact cannot have ${edge} at ${clock(deps, at)}: it ${edge === 'started' ? 'ended' : 'started'} at ${clock(deps, other)}.`);
  }
  const updated = await record(
    deps,
    incident,
    ctx,
    { kind: 'note', text: `Impact ${edge} (as stated by ${await deps.slack.userName(ctx.userId)})`, at },
    edge === 'started' ? { impactStartedAt: at } : { impactEndedAt: at },
  );
  return { incident: updated, reply: `The impact ${edge} at ${clock(deps, at)}: the postmortem will use that time.` };
}

export async function reopenIncident(deps: ServiceDeps, ctx: CommandContext): Promise<ChangeResult> {
  const incident = await requireIncident(deps, ctx.channelId);
  await requireMember(deps, incident, ctx.userId);
  const reopened = await deps.repos.incidents.reopen(incident.id, deps.now());
  if (!reopened) throw new AppError('INCIDENT_NOT_CLOSED', `Incident #${incident.number} is open already.`);
  const updated = await record(
    deps,
    reopened,
    ctx,
    { kind: 'reopened', text: 'Incident reopened' },
    {},
    `<@${ctx.userId}> reopened the incident.`,
  );
  return { incident: updated, reply: `Incident #${incident.number} is open again.` };
}

export async function listOpenIncidents(deps: ServiceDeps): Promise<string> {
  const open = await deps.repos.incidents.listOpen();
  if (open.length === 0) return 'No open incidents.';
  const lines = open.map(
    (i) => `• <#${i.channelId}> #${i.number} ${escapeMrkdwn(truncate(i.title, 100))} — ${i.severity ? `${i.severity.toUpperCase()}, ` : ''}${i.phase}`,
  );
  return truncate(`*Open incidents*\n${lines.join('\n')}`, MESSAGE_MAX);
}

async function resolveUser(deps: ServiceDeps, who: UserMention): Promise<string> {
  if (who.kind === 'id') {
    if (await deps.slack.userExists(who.id)) return who.id;
    throw new AppError('USER_NOT_FOUND', 'I could not find that person in this workspace.');
  }
  const id = await deps.slack.findUserByName(who.name);
  if (id) return id;
  throw new AppError('USER_NOT_FOUND', `I could not find @${who.name} in this workspace: pick the person from Slack's @ menu.`);
}

const clock = (deps: ServiceDeps, at: Date): string => {
  const formatter = new Intl.DateTimeFormat('en-US', { timeZone: deps.settings.timezone, hour: 'numeric', minute: '2-digit', month: 'short', day: 'numeric' });
  return formatter.format(at);
};
