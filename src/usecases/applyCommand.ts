import { parseIncidentCommand } from '../domain/commands';
import type { Effect } from '../domain/effects';
import { addAction } from './addAction';
import { assignRole } from './assignRole';
import { changeSeverity } from './changeSeverity';
import { changeStatus } from './changeStatus';
import { closeIncident } from './closeIncident';
import { requestDeclaration } from './declareIncident';
import type { CommandContext, UseCaseDeps } from './deps';
import { addNote } from './addNote';
import { listIncidents } from './listIncidents';
import { recordStatement } from './recordStatement';
import { reopenIncident } from './reopenIncident';
import { requestDraft } from './requestDraft';
import { setImpactWindow } from './setImpactWindow';

/**
 * One stored `/incident …` invocation, applied: the use case it names, and
 * the effects that follow. The text was checked before it was stored, so
 * anything the grammar refuses here has nothing to apply.
 */
export async function applyCommand(deps: UseCaseDeps, ctx: CommandContext, text: string): Promise<Effect[]> {
  const c = parseIncidentCommand(text);
  switch (c.kind) {
    case 'start':
      return requestDeclaration({
        title: c.title ?? '',
        userId: ctx.userId,
        replyTo: { responseUrl: ctx.responseUrl },
        at: ctx.now,
        ...(c.severity ? { severity: c.severity } : {}),
      });
    case 'note':
      return addNote(deps, ctx, c.time ? { text: c.text, time: c.time } : { text: c.text });
    case 'status':
      return changeStatus(deps, ctx, c.status);
    case 'severity':
      return changeSeverity(deps, ctx, c.severity);
    case 'role':
      return assignRole(deps, ctx, c.role, c.user);
    case 'impact':
    case 'rootcause':
      return recordStatement(deps, ctx, c.kind, c.text);
    case 'action':
      return addAction(deps, ctx, c.owner ? { text: c.text, owner: c.owner } : { text: c.text });
    case 'started':
    case 'ended':
      return setImpactWindow(deps, ctx, c.kind, c.time);
    case 'reopen':
      return reopenIncident(deps, ctx);
    case 'list':
      return listIncidents(deps, ctx);
    case 'postmortem':
      return requestDraft(deps, ctx);
    case 'close':
      return closeIncident(deps, ctx, c.resolution);
    default:
      return [];
  }
}

/** What each command is, in words for "I could not …". */
export const commandPurpose = (text: string): string => {
  const kind = parseIncidentCommand(text).kind;
  return kind === 'start' ? 'declare the incident' : kind === 'close' ? 'close the incident' : `run \`/incident ${kind}\``;
};
