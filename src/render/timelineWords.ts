import type { TimelineFact } from '../domain/incident';

/**
 * The draft's words for what commands and the bot recorded. Only here: an old
 * incident's facts are worded as the draft words them today. People stay as
 * Slack markup (`<@U…>`) where a name belongs in a sentence of the person's
 * own, so mentions resolve like any other; a name alone is looked up here.
 */
export function describeFact(fact: TimelineFact, nameOf: (userId: string) => string): string {
  switch (fact.kind) {
    case 'declared':
      return `Incident declared: ${fact.title}`;
    case 'note':
    case 'impact':
    case 'root_cause':
      return fact.text;
    case 'status':
      return `Status changed from ${fact.from} to ${fact.to}`;
    case 'severity':
      return fact.from ? `Severity changed from ${fact.from.toUpperCase()} to ${fact.to.toUpperCase()}` : `Severity changed to ${fact.to.toUpperCase()}`;
    case 'role':
      return `<@${fact.userId}> is now ${fact.role}`;
    case 'action':
      return fact.ownerId ? `${fact.text} (owner <@${fact.ownerId}>)` : fact.text;
    case 'update':
      return `Status update: ${fact.text}`;
    case 'impact_window':
      return `Impact ${fact.edge} (as stated by ${nameOf(fact.by)})`;
    case 'closed':
      return fact.resolution ? `Incident closed: ${fact.resolution}` : 'Incident closed';
    case 'reopened':
      return 'Incident reopened';
    case 'message':
      // The message's own words come from the transcript (see domain/timeline.ts); the fact holds only the note.
      return fact.note ?? '';
  }
}

