/** `/incident …` text → what the person asked for. Pure: no Slack, no database. */
import { looksLikeClockTime, parseClockTime } from './clockTime';
import { PHASES, ROLES, SEVERITIES } from './commandTypes';
import type { IncidentCommand, Role, Severity, UserMention } from './commandTypes';

export * from './commandTypes';

export const USAGE = [
  '*/incident* commands:',
  '• `/incident start [--private] [--here] [sev1-sev4] <title>` — declare an incident and open its channel (no title: open the form); ' +
    '`--private`: a private channel, not announced, shown only to its members; `--here`: this channel becomes the incident channel',
  '• `/incident note [HH:MM] <text>` — add to the timeline, at that time (today, or yesterday if that is still to come)',
  `• \`/incident status <${PHASES.join('|')}>\` — move the incident to that phase`,
  '• `/incident severity <sev1-sev4>` — change the severity',
  '• `/incident lead @user` — make someone the incident lead',
  `• \`/incident role <${ROLES.join('|')}> @user\` — give someone a role`,
  '• `/incident impact <text>` — record who or what is affected',
  '• `/incident rootcause <text>` — record the root cause',
  '• `/incident update <text>` — post a status update for stakeholders (here and in the announcements channel)',
  '• `/incident action <text> [@owner]` — add a follow-up action item (the owner is told)',
  '• `/incident actions` — this incident\'s follow-ups, with owners and state; `/incident action done N` marks one done',
  '• `/incident started HH:MM` / `/incident ended HH:MM` — when the impact began / ended, if not as recorded',
  '• `/incident postmortem` — draft the postmortem now (a new version each time)',
  '• `/incident close [resolution]` — close it and draft the postmortem',
  '• `/incident reopen` — reopen a closed incident',
  '• `/incident list` — list open incidents',
  '• `/incident help` — this message',
].join('\n');

// `<@U1|alice smith>` must stay one token, so a mention is matched whole before falling back to non-space runs.
const FIRST_TOKEN = /^(<[^<>]*>|\S+)/;
const LAST_TOKEN = /(?:^|\s)(<[^<>]*>|\S+)$/;

export function parseUserMention(token: string): UserMention | undefined {
  const text = token.trim();
  const escaped = /^<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>$/.exec(text);
  if (escaped?.[1]) return { kind: 'id', id: escaped[1] };
  const plain = /^@([a-z0-9][a-z0-9._-]*)$/i.exec(text);
  if (plain?.[1]) return { kind: 'name', name: plain[1] };
  return undefined;
}

export function parseIncidentCommand(text: string): IncidentCommand {
  const [word, args] = splitFirst(text.trim());
  switch (word.toLowerCase()) {
    case 'start':
    case 'declare':
      return parseStart(args);
    case 'note':
      return parseNote(args);
    case 'status':
      return parseStatus(args);
    case 'severity':
    case 'sev':
      return parseSeverity(args);
    case 'lead':
      return parseRoleUser('lead', args);
    case 'role':
      return parseRole(args);
    case 'impact':
      return args ? { kind: 'impact', text: args } : invalid('Say what the impact is: `/incident impact <text>`.');
    case 'rootcause':
    case 'root-cause':
    case 'rc':
      return args ? { kind: 'rootcause', text: args } : invalid('Say what the root cause is: `/incident rootcause <text>`.');
    case 'update':
      return args ? { kind: 'update', text: args } : invalid('Say where things stand: `/incident update <text>`.');
    case 'action':
    case 'todo':
      return parseAction(args);
    case 'actions':
    case 'todos':
      return args ? invalid('`/incident actions` takes nothing after it; to add one: `/incident action <text> [@owner]`.') : { kind: 'actions' };
    case 'started':
    case 'ended':
      return parseWindowEdge(word.toLowerCase() === 'started' ? 'started' : 'ended', args);
    case 'postmortem':
    case 'pm':
      return { kind: 'postmortem' };
    case 'close':
      return args ? { kind: 'close', resolution: args } : { kind: 'close' };
    case 'reopen':
      return { kind: 'reopen' };
    case 'list':
      return { kind: 'list' };
    case '':
    case 'help':
      return { kind: 'help' };
    default:
      return { kind: 'unknown', word };
  }
}

/** Flags a declaration takes before its title; `—` too, as Slack's clients turn a typed `--` into an em dash. */
const START_FLAGS = { private: 'private', here: 'here' } as const;

function parseStart(args: string): IncidentCommand {
  let rest = args;
  let severity: Severity | undefined;
  const flags: { private?: true; here?: true } = {};
  // Flags and one severity, in any order, before the title.
  for (;;) {
    const [first, after] = splitFirst(rest);
    const flag = /^(?:--|—)([a-z]+)$/i.exec(first)?.[1]?.toLowerCase();
    if (flag !== undefined) {
      if (!(flag in START_FLAGS)) return invalid(`--${flag} is not an option of start: use --private or --here.`);
      flags[START_FLAGS[flag as keyof typeof START_FLAGS]] = true;
    } else if (!severity && pick(SEVERITIES, first)) severity = pick(SEVERITIES, first);
    // `sev5 db down` is a mistyped severity, not a title that happens to start with one.
    else if (!severity && /^sev-?\d+$/i.test(first)) return invalid(`${first} is not a severity: use ${oneOf(SEVERITIES)}.`);
    else break;
    rest = after;
  }
  if (flags.here && !rest) return invalid('Give the incident a title: `/incident start --here <title>`.');
  return { kind: 'start', ...(rest ? { title: rest } : {}), ...(severity ? { severity } : {}), ...flags };
}

function parseNote(args: string): IncidentCommand {
  const [first, afterFirst] = splitFirst(args);
  const [second, afterSecond] = splitFirst(afterFirst);
  // Slack users type `9:30 am` as often as `9:30am`; `21:30 pm` is a mistake, not a time followed by "pm".
  const spacedMeridiem = /^(am|pm)$/i.test(second) && looksLikeClockTime(first);
  const token = spacedMeridiem ? `${first} ${second}` : first;
  const time = parseClockTime(token);
  if (!time && (spacedMeridiem || looksLikeClockTime(first))) {
    return invalid(`${token} is not a time: use HH:MM (24 h) or h:mm am/pm.`);
  }
  const text = time ? (spacedMeridiem ? afterSecond : afterFirst) : args;
  if (!text) return invalid('Say what happened: `/incident note [HH:MM] <text>`.');
  return time ? { kind: 'note', text, time } : { kind: 'note', text };
}

/** `started 9:30` / `ended 11:05 pm`: the same time grammar as `note`, and nothing after it. */
function parseWindowEdge(kind: 'started' | 'ended', args: string): IncidentCommand {
  const time = parseClockTime(args.replace(/\s+(am|pm)$/i, '$1'));
  if (!time) return invalid(`Give the time the impact ${kind}: \`/incident ${kind} HH:MM\` (24 h) or h:mm am/pm.`);
  return { kind, time };
}

function parseStatus(args: string): IncidentCommand {
  const [first, rest] = splitFirst(args);
  const status = pick(PHASES, first);
  if (!status || rest) return invalid(`Name one status: ${oneOf(PHASES)}.`);
  return { kind: 'status', status };
}

function parseSeverity(args: string): IncidentCommand {
  const [first, rest] = splitFirst(args);
  const severity = pick(SEVERITIES, first);
  if (!severity || rest) return invalid(`Name one severity: ${oneOf(SEVERITIES)}.`);
  return { kind: 'severity', severity };
}

function parseRole(args: string): IncidentCommand {
  const [first, rest] = splitFirst(args);
  const role = pick(ROLES, first);
  if (!role) return invalid(`Name a role: ${oneOf(ROLES)}, as in \`/incident role scribe @user\`.`);
  return parseRoleUser(role, rest);
}

function parseRoleUser(role: Role, args: string): IncidentCommand {
  const [first, rest] = splitFirst(args);
  const user = parseUserMention(first);
  const example = role === 'lead' ? '/incident lead @user' : `/incident role ${role} @user`;
  // Extra words are refused, not dropped: `@Alice Smith` typed without Slack's escaping is two words and no person.
  if (!user || rest) return invalid(`Name a person: \`${example}\`.`);
  return { kind: 'role', role, user };
}

function parseAction(args: string): IncidentCommand {
  // `action done 3` marks action #3 done; `action done migrating the db` is a task like any other.
  const done = /^done\s+#?(\d{1,6})$/i.exec(args);
  if (done?.[1]) return Number(done[1]) > 0 ? { kind: 'action_done', number: Number(done[1]) } : invalid('Actions are numbered from 1: `/incident actions` lists them.');
  const last = LAST_TOKEN.exec(args);
  const owner = last?.[1] ? parseUserMention(last[1]) : undefined;
  const text = owner && last ? args.slice(0, last.index).trim() : args;
  if (!text) return invalid('Say what needs doing: `/incident action <text> [@owner]`.');
  return owner ? { kind: 'action', text, owner } : { kind: 'action', text };
}

/** First token and the rest, with the rest's inner spacing and line breaks kept as typed. */
function splitFirst(text: string): [string, string] {
  const first = FIRST_TOKEN.exec(text)?.[1] ?? '';
  return [first, text.slice(first.length).trim()];
}

function pick<T extends string>(values: readonly T[], word: string): T | undefined {
  const lower = word.toLowerCase();
  return values.find((value) => value === lower);
}

function oneOf(values: readonly string[]): string {
  const quoted = values.map((value) => `\`${value}\``);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) ?? ''}`;
}

function invalid(message: string): IncidentCommand {
  return { kind: 'invalid', message };
}
