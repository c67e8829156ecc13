import { LogLevel, type Logger } from '@slack/bolt';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import pretty from 'pino-pretty';
import type { LogBindings } from './logContext';

export type LogFormat = 'json' | 'pretty';

/** Bolt's logger (Bolt and the Web API client use it too), which can carry fields of its own. */
export interface AppLogger extends Logger {
  child(bindings: LogBindings): AppLogger;
}

const order: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

const PINO_METHOD = { [LogLevel.DEBUG]: 'debug', [LogLevel.INFO]: 'info', [LogLevel.WARN]: 'warn', [LogLevel.ERROR]: 'error' } as const;

/** Tokens in any text that reaches a line (an error from a library, a URL): never written. */
const TOKEN = /\bx(?:ox[abeoprs]|app)-[A-Za-z0-9-]+/g;
/**
 * At debug level the Web API client writes every request's body and every answer: messages, names,
 * what people wrote. Only that such a line was there is kept.
 */
const BODY_DUMP = /^(http request (?:body|result|headers)):/;

/**
 * One logger for the app and for Bolt: JSON lines (pino) on stderr, stdout staying free for commands
 * that print documents; `pretty` for people reading a terminal (pino-pretty, written synchronously,
 * no worker thread). Bolt's calling convention (strings and errors as arguments) becomes a message
 * and an `err` field; fields such as the incident come from child loggers.
 */
export function createLogger(
  level: LogLevel = LogLevel.INFO,
  name = 'incident-bot',
  opts: { format?: LogFormat; destination?: DestinationStream } = {},
): AppLogger {
  const destination =
    opts.destination ??
    (opts.format === 'pretty' ? pretty({ destination: 2, sync: true, translateTime: 'SYS:standard', ignore: 'pid,hostname' }) : pino.destination({ dest: 2, sync: true }));
  // The level is checked here (Bolt changes it at runtime, for every child alike); pino writes all it is given.
  // Errors are scrubbed of tokens (below) before they reach pino, already as plain objects.
  const root = pino({ level: 'debug', base: undefined, serializers: { err: (e: unknown) => e }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, destination);
  const state = { level, name };
  return wrap(root.child({ name }), state, root);
}

function wrap(target: Pino, state: { level: LogLevel; name: string }, root: Pino): AppLogger {
  let log = target;
  const write = (at: LogLevel, args: unknown[]): void => {
    if (order[at] < order[state.level]) return;
    const err = args.find((a): a is Error => a instanceof Error);
    const text = args
      .filter((a) => a !== err)
      .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : safeJson(a)))
      .join(' ')
      .replace(/:$/, '');
    const dump = BODY_DUMP.exec(text);
    const msg = (dump ? `${dump[1]}: [omitted]` : text).replace(TOKEN, '[redacted]');
    const method = PINO_METHOD[at];
    if (err) log[method]({ err: scrubbed(err) }, msg);
    else log[method](msg);
  };
  return {
    debug: (...args) => write(LogLevel.DEBUG, args),
    info: (...args) => write(LogLevel.INFO, args),
    warn: (...args) => write(LogLevel.WARN, args),
    error: (...args) => write(LogLevel.ERROR, args),
    setLevel: (l) => {
      state.level = l;
    },
    getLevel: () => state.level,
    setName: (n) => {
      state.name = n;
      log = root.child({ name: n });
    },
    child: (bindings) => wrap(log.child(definedOnly(bindings)), state, root),
  };
}

const definedOnly = (b: LogBindings) => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An error as pino serializes it, with tokens taken out of its message and stack. */
function scrubbed(err: Error): { type: string; message: string; stack?: string; code?: string } {
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  return {
    type: err.name,
    message: err.message.replace(TOKEN, '[redacted]'),
    ...(err.stack ? { stack: err.stack.replace(TOKEN, '[redacted]') } : {}),
    ...(code ? { code } : {}),
  };
}
