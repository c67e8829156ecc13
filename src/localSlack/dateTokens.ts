// How Slack shows `<!date^SECONDS^FORMAT|fallback>`: in each reader's own zone where the client renders the token,
// and as the fallback where it does not (notifications, some older clients). Only the tokens the bot uses are known;
// any other is shown as the fallback, as Slack does with a token it cannot read.

const TOKEN = /<!date\^(\d+)\^([^^|>]+)(?:\^[^|>]*)?\|([^>]*)>/g;

/** The text as a notification or a client that does not render dates shows it. */
export function asFallback(text: string): string {
  return text.replace(TOKEN, (_all, _s: string, _f: string, fallback: string) => fallback);
}

/** `{ago}` as Slack words it: the largest whole unit, counted when the reader looks. */
function ago(at: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000));
  const [n, unit] = seconds < 60 ? [seconds, 'second'] : seconds < 3600 ? [Math.floor(seconds / 60), 'minute'] : seconds < 86_400 ? [Math.floor(seconds / 3600), 'hour'] : [Math.floor(seconds / 86_400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/** The text as a reader whose Slack is set to `zone` sees it at `today` (for Today / Yesterday and `{ago}`). */
export function asShownTo(text: string, zone: string, today: Date): string {
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return text.replace(TOKEN, (_all, seconds: string, format: string, fallback: string) => {
    const at = new Date(Number(seconds) * 1000);
    const short = new Intl.DateTimeFormat('en-US', { timeZone: zone, month: 'short', day: 'numeric' }).format(at);
    const time = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(at);
    const pretty = day(at) === day(today) ? 'Today' : day(at) === day(new Date(today.getTime() - 86_400_000)) ? 'Yesterday' : short;
    const known: Record<string, string> = { '{date_short_pretty}': pretty, '{date_short}': short, '{time}': time, '{ago}': ago(at, today) };
    const parts = format.split(/(\{[a-z_]+\})/).filter(Boolean);
    if (parts.some((p) => p.startsWith('{') && !(p in known))) return fallback;
    return parts.map((p) => known[p] ?? p).join('');
  });
}
