import { LogLevel, type Logger } from '@slack/bolt';

const order: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/**
 * One logger for the app and for Bolt, so every line has the same shape.
 * Lines go to stderr: stdout stays free for commands that print documents.
 */
export function createLogger(level: LogLevel = LogLevel.INFO, name = 'incident-bot'): Logger {
  let current = level;
  let prefix = name;
  const write = (at: LogLevel, args: unknown[]): void => {
    if (order[at] < order[current]) return;
    const text = args
      .map((a) => (a instanceof Error ? a.stack ?? a.message : typeof a === 'string' ? a : JSON.stringify(a)))
      .join(' ');
    process.stderr.write(`${new Date().toISOString()} ${at.toUpperCase()} [${prefix}] ${text}\n`);
  };
  return {
    debug: (...args) => write(LogLevel.DEBUG, args),
    info: (...args) => write(LogLevel.INFO, args),
    warn: (...args) => write(LogLevel.WARN, args),
    error: (...args) => write(LogLevel.ERROR, args),
    setLevel: (l) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n) => {
      prefix = n;
    },
  };
}
