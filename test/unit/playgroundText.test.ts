// The playground page's text renderers: Slack's mrkdwn and date tokens as one reader sees them. Pure functions,
// so they run here in node without a browser.

import { agoText, formatDateTokens, messageTime } from '../../src/playground/web/text/dateTokens';
import { emojiFor } from '../../src/playground/web/text/emoji';
import { blocksText, inlineText, parseLine, parseMrkdwn, parsePlain } from '../../src/playground/web/text/mrkdwn';
import type { Inline, TextContext } from '../../src/playground/web/text/mrkdwnTypes';

// 2024-03-05 14:30:15 UTC, a Tuesday.
const AT = Date.UTC(2024, 2, 5, 14, 30, 15) / 1000;
const ctx: TextContext = {
  names: { U1: 'Alice Ops', UBOT: 'Incident Bot' },
  channels: { C9: 'inc-42-checkout' },
  zone: 'UTC',
  now: AT * 1000 + 5 * 60_000,
};

/** Every node of a parsed tree, depth first. */
function walk(nodes: Inline[]): Inline[] {
  return nodes.flatMap((n) => ('children' in n ? [n, ...walk(n.children)] : [n]));
}

describe('mrkdwn', () => {
  it('decodes the three entities Slack encodes, and only once', () => {
    expect(inlineText(parseLine('a &amp; b &lt;tag&gt; &amp;lt;', ctx))).toBe('a & b <tag> &lt;');
  });

  it('never turns text into markup or HTML', () => {
    const nodes = walk(parseLine('&lt;script&gt;alert(1)&lt;/script&gt; &lt;@U1&gt; <javascript:alert(1)|click>', ctx));
    // Text nodes and nothing else (an empty list would fail too).
    expect(new Set(nodes.map((n) => n.kind))).toEqual(new Set(['text']));
    expect(inlineText(nodes)).toBe('<script>alert(1)</script> <@U1> click');
  });

  it('names mentioned people from the session, whatever label the text carries', () => {
    const nodes = parseLine('<@U1> and <@UBOT|incident-bot> and <@U7|someone>', ctx);
    expect(nodes.filter((n) => n.kind === 'user')).toEqual([
      { kind: 'user', id: 'U1', name: 'Alice Ops' },
      { kind: 'user', id: 'UBOT', name: 'Incident Bot' },
      { kind: 'user', id: 'U7', name: 'someone' },
    ]);
    expect(inlineText(nodes)).toBe('@Alice Ops and @Incident Bot and @someone');
  });

  it('names channels by their label, else by what the page knows', () => {
    expect(parseLine('<#C1|general> <#C9>', ctx).filter((n) => n.kind === 'channel')).toEqual([
      { kind: 'channel', id: 'C1', name: 'general' },
      { kind: 'channel', id: 'C9', name: 'inc-42-checkout' },
    ]);
  });

  it('reads links, broadcasts and only safe URLs as links', () => {
    const nodes = parseLine('<!here> <https://x.test/a?b=1&amp;c=2|the &lt;doc&gt;> <mailto:a@b.test> <https://y.test>', ctx);
    expect(nodes.filter((n) => n.kind !== 'text')).toEqual([
      { kind: 'broadcast', text: '@here' },
      { kind: 'link', url: 'https://x.test/a?b=1&c=2', text: 'the <doc>' },
      { kind: 'link', url: 'mailto:a@b.test', text: 'mailto:a@b.test' },
      { kind: 'link', url: 'https://y.test', text: 'https://y.test' },
    ]);
  });

  it('reads bold, italic, strike and code, nested, but not inside words', () => {
    const nodes = parseLine('*bold _it_* ~gone~ `a*b*c` snake_case_name 2*3*4', ctx);
    expect(nodes[0]).toEqual({ kind: 'bold', children: [{ kind: 'text', text: 'bold ' }, { kind: 'italic', children: [{ kind: 'text', text: 'it' }] }] });
    expect(nodes).toContainEqual({ kind: 'strike', children: [{ kind: 'text', text: 'gone' }] });
    expect(nodes).toContainEqual({ kind: 'code', children: [{ kind: 'text', text: 'a*b*c' }] });
    expect(inlineText(nodes)).toBe('bold it gone a*b*c snake_case_name 2*3*4');
  });

  it('keeps a mention whole inside bold', () => {
    expect(parseLine('*<@U1|x_y*z>*', ctx)).toEqual([{ kind: 'bold', children: [{ kind: 'user', id: 'U1', name: 'Alice Ops' }] }]);
  });

  it('shows known emoji names and leaves unknown ones as written', () => {
    const nodes = parseLine(':rotating_light: :+1: :no_such_emoji: 10:30:45', ctx);
    expect(inlineText(nodes)).toBe('🚨 👍 :no_such_emoji: 10:30:45');
    for (const name of ['pushpin', 'bulb', 'wrench', 'x', 'mag', 'eyes', 'white_check_mark', 'memo', 'loudspeaker', 'lock', 'rocket', 'fire', 'warning', 'thumbsup', 'tada', 'hourglass_flowing_sand', 'black_square_button', 'alarm_clock']) {
      expect(emojiFor(name)).not.toBeNull();
    }
  });

  it('reads quotes, preformatted blocks and newlines', () => {
    const blocks = parseMrkdwn('intro\n&gt; quoted *line*\n&gt; second\nafter\n```\nx &lt; *y*\n```\ntail', ctx);
    expect(blocks.map((b) => b.kind)).toEqual(['lines', 'quote', 'lines', 'pre', 'lines']);
    expect(blocks[3]).toEqual({ kind: 'pre', children: [{ kind: 'text', text: 'x < *y*' }] });
    expect(blocksText(blocks)).toBe('intro\nquoted line\nsecond\nafter\nx < *y*\ntail');
    expect(parseMrkdwn('a\n&gt;&gt;&gt; all\nof this', ctx).map((b) => b.kind)).toEqual(['lines', 'quote']);
  });

  it('reads plain_text with emoji but no marks', () => {
    expect(inlineText(parsePlain('*Ack* :eyes: &amp;', true))).toBe('*Ack* 👀 &');
    expect(inlineText(parsePlain(':eyes:', false))).toBe(':eyes:');
  });
});

describe('date tokens', () => {
  it('renders the same moment in two zones', () => {
    const format = '{date_num} {time} ({date_short})';
    expect(formatDateTokens(AT, format, 'UTC', ctx.now)).toBe('2024-03-05 2:30 PM (Mar 5, 2024)');
    expect(formatDateTokens(AT, format, 'Asia/Tokyo', ctx.now)).toBe('2024-03-05 11:30 PM (Mar 5, 2024)');
    expect(formatDateTokens(AT, '{date_long} {time_secs}', 'America/Los_Angeles', ctx.now)).toBe('Tuesday, March 5th, 2024 6:30:15 AM');
  });

  it('says Today, Yesterday and Tomorrow by the reader\'s calendar', () => {
    // At 16:00 UTC it is already the 6th in Tokyo, so 23:30 on the 5th there is Yesterday; UTC still says Today.
    const now = Date.UTC(2024, 2, 5, 15, 0);
    expect(formatDateTokens(AT, '{date_short_pretty}', 'UTC', now)).toBe('Today');
    expect(formatDateTokens(AT, '{date_pretty}', 'Asia/Tokyo', now + 3_600_000)).toBe('Yesterday');
    expect(formatDateTokens(AT + 2 * 86_400, '{date_long_pretty}', 'UTC', now)).toBe('Thursday, March 7th, 2024');
    expect(formatDateTokens(AT + 86_400, '{date_pretty}', 'UTC', now)).toBe('Tomorrow');
  });

  it('counts {ago} both ways', () => {
    expect(agoText(0, 5 * 60_000)).toBe('5 minutes ago');
    expect(agoText(0, 3_600_000)).toBe('1 hour ago');
    expect(agoText(2 * 86_400_000, 0)).toBe('in 2 days');
  });

  it('shows the fallback for a token Slack does not define', () => {
    expect(formatDateTokens(AT, '{date} {nonsense}', 'UTC', ctx.now)).toBeNull();
    const nodes = parseLine('since <!date^' + AT + '^{weekday_name}|Mar 5 at 2:30 PM UTC>', ctx);
    expect(inlineText(nodes)).toBe('since Mar 5 at 2:30 PM UTC');
  });

  it('renders a date token in mrkdwn in the reader\'s zone, with its link', () => {
    const tokyo = { ...ctx, zone: 'Asia/Tokyo' };
    const [, node] = parseLine(`at <!date^${AT}^{time} {ago}^https://x.test/i/1|fallback>`, tokyo);
    expect(node).toMatchObject({ kind: 'date', text: '11:30 PM 5 minutes ago', url: 'https://x.test/i/1' });
    const unsafe = parseLine(`<!date^${AT}^{time}^javascript:alert(1)|f>`, ctx)[0];
    expect(unsafe).toMatchObject({ kind: 'date', text: '2:30 PM' });
    expect(unsafe && 'url' in unsafe).toBe(false);
  });

  it('prints a message time in the reader\'s zone', () => {
    expect(messageTime(`${AT}.000100`, 'UTC')).toBe('2:30 PM');
    expect(messageTime(`${AT}.000100`, 'Europe/Berlin')).toBe('3:30 PM');
  });
});
