/** `/incident …` text → what the person asked for. Pure: no Slack, no database. */

export type IncidentCommand =
  | { kind: 'start'; title: string }
  | { kind: 'close'; resolution?: string }
  | { kind: 'help' }
  | { kind: 'unknown'; word: string }
  | { kind: 'invalid'; message: string };

export const USAGE = [
  '*/incident* commands:',
  '• `/incident start <title>` — declare an incident and open its channel',
  '• `/incident close [resolution]` — in the incident channel: close it and draft the postmortem',
  '• `/incident help` — this message',
].join('\n');

export function parseIncidentCommand(text: string): IncidentCommand {
  const trimmed = text.trim();
  const [word = ''] = trimmed.split(/\s+/);
  const args = trimmed.slice(word.length).trim();
  switch (word.toLowerCase()) {
    case 'start':
    case 'declare':
      if (!args) return { kind: 'invalid', message: 'Give the incident a title: `/incident start <title>`.' };
      return { kind: 'start', title: args };
    case 'close':
      return args ? { kind: 'close', resolution: args } : { kind: 'close' };
    case '':
    case 'help':
      return { kind: 'help' };
    default:
      return { kind: 'unknown', word };
  }
}
