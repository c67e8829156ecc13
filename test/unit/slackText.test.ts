import { mentionedUserIds, resolveMentions } from '../../src/domain/mentions';
import { decodeSlackText, typedText } from '../../src/domain/slackText';
import { truncate } from '../../src/slack/escape';

const names = new Map([['U1', 'Ann Alvarez']]);
const shown = (wire: string) => resolveMentions(decodeSlackText(wire), names);

describe('Slack text is decoded exactly once', () => {
  it.each([
    // [what Slack sends, what the person sees]
    ['<@U1> fixed it', '@Ann Alvarez fixed it'],
    ['typed &lt;@U1&gt; by hand', 'typed <@U1> by hand'],
    ['typed &amp;lt;@U1&amp;gt; by hand', 'typed &lt;@U1&gt; by hand'],
    ['&lt;!channel&gt; is text, <!channel> is not', '<!channel> is text, @channel is not'],
    ['&lt;https://x.example|y&gt;', '<https://x.example|y>'],
    ['R&amp;D &lt;staging&gt;', 'R&D <staging>'],
    ['<https://a.example/?q=1&amp;r=2|R&amp;amp;D>', 'R&amp;D (https://a.example/?q=1&r=2)'],
  ])('%j shows as %j', (wire, seen) => {
    expect(shown(wire)).toBe(seen);
  });

  it('names only the people Slack marked up, not ones typed as characters', () => {
    expect(mentionedUserIds(decodeSlackText('<@U1> and &lt;@U2&gt;'))).toEqual(['U1']);
  });

  it('keeps text without markup-looking brackets exactly as typed', () => {
    expect(decodeSlackText('R&amp;D &lt;staging&gt; down')).toBe('R&D <staging> down');
    expect(typedText('a <b> c')).toBe('a <b> c');
  });

  it('drops an invisible mark someone typed before a real mention, so it stays a mention', () => {
    expect(shown('\u2060<@U1> ok')).toBe('@Ann Alvarez ok');
    expect(shown('\u2060&lt;@U1&gt; ok')).toBe('<@U1> ok');
  });
});

describe('truncate counts UTF-16 code units, as Slack does', () => {
  it('leaves text within the limit alone, counting an emoji as two', () => {
    expect(truncate('ab😀', 4)).toBe('ab😀');
    expect('ab😀'.length).toBe(4);
  });
  it('cuts to the limit, ellipsis included', () => {
    const out = truncate('abcdefgh', 5);
    expect(out).toBe('abcd…');
    expect(out.length).toBe(5);
  });
  it('never splits a surrogate pair', () => {
    // 'a😀b' is a, high, low, b: cutting at 3 units (2 + ellipsis) would keep half the emoji.
    expect(truncate('a😀bcd', 3)).toBe('a…');
    expect(truncate('a😀bcd', 4)).toBe('a😀…');
    const long = '😀'.repeat(3000);
    const cut = truncate(long, 3000);
    expect(cut.length).toBeLessThanOrEqual(3000);
    expect(cut).toBe(`${'😀'.repeat(1499)}…`);
  });
});
