/** Slack message timestamps ("1700000000.123456") are the message's time, to the microsecond. */
const TS = /^(\d{1,12})\.(\d{1,6})$/;

export function isSlackTs(value: unknown): value is string {
  return typeof value === 'string' && TS.test(value);
}

export function slackTsToDate(ts: string): Date {
  const match = TS.exec(ts);
  if (!match) throw new RangeError(`not a Slack timestamp: ${ts}`);
  const micros = (match[2] ?? '0').padEnd(6, '0');
  return new Date(Number(match[1]) * 1000 + Math.floor(Number(micros) / 1000));
}
