import { attachmentsText, blocksText, contentText, messageAuthor, readMessage, sameContent } from '../../src/domain/messageContent';
import { resolveMentions } from '../../src/domain/mentions';

const shown = (stored: string) => resolveMentions(stored, new Map([['U1', 'Ann Alvarez']]));

describe('what a message says', () => {
  it('is its text, decoded once, when it has one', () => {
    const m = readMessage({ user: 'U1', text: 'p99 &gt; 2s &amp; rising <@U1>', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'ignored' } }] });
    expect(m).toEqual({ userId: 'U1', text: 'p99 > 2s & rising <@U1>', files: [] });
    expect(shown(m.text)).toBe('p99 > 2s & rising @Ann Alvarez');
  });

  it('is a classic integration’s attachments when its text is empty: pretext, title, text, fields, not the fallback', () => {
    const m = readMessage({
      subtype: 'bot_message',
      bot_id: 'BDD',
      username: 'Datadog',
      text: '',
      attachments: [
        {
          fallback: 'Triggered: p99 latency',
          pretext: 'Monitor alert',
          title: '[Triggered] p99 latency on orders-api',
          title_link: 'https://app.datadoghq.com/monitors/1?a=1&amp;b=2',
          text: 'p99 is 12.3s &gt; 2s',
          fields: [{ title: 'Service', value: 'orders-api' }, { title: 'Env', value: 'prod' }],
        },
      ],
    });
    expect(m).toMatchObject({ userId: '', botId: 'BDD', authorName: 'Datadog' });
    expect(shown(m.text).split('\n')).toEqual([
      'Monitor alert',
      '[Triggered] p99 latency on orders-api (https://app.datadoghq.com/monitors/1?a=1&b=2)',
      'p99 is 12.3s > 2s',
      'Service: orders-api',
      'Env: prod',
    ]);
  });

  it('falls back to an attachment’s fallback only when it shows nothing else', () => {
    expect(attachmentsText([{ fallback: 'PagerDuty: incident #42 triggered' }, { fallback: 'unused', text: 'shown' }])).toBe('PagerDuty: incident #42 triggered\nshown');
  });

  it('reads blocks: rich text with people, links and lists; sections with fields; headers; context', () => {
    const text = blocksText([
      { type: 'header', text: { type: 'plain_text', text: 'Deploy v42 &amp; rollback' } },
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'rolled back by ' },
              { type: 'user', user_id: 'U1' },
              { type: 'text', text: ', see ' },
              { type: 'link', url: 'https://ci.example/run/7', text: 'run 7' },
              { type: 'emoji', name: 'white_check_mark' },
            ],
          },
          { type: 'rich_text_list', style: 'bullet', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'cart' }] }] },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: '*Status*: done' }, fields: [{ type: 'mrkdwn', text: 'took 4m' }] },
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'image' }, { type: 'mrkdwn', text: 'by deploybot' }] },
    ]);
    expect(shown(text).split('\n')).toEqual(['Deploy v42 & rollback', 'rolled back by @Ann Alvarez, see run 7 (https://ci.example/run/7):white_check_mark:', '- cart', '*Status*: done', 'took 4m', 'by deploybot']);
  });

  it('keeps a typed <@U1> in a plain text as text, never as a mention', () => {
    const text = blocksText([{ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'literally <@U1>' }] }] }]);
    expect(shown(text)).toBe('literally <@U1>');
  });

  it('takes blocks over attachments, and notes files with their links', () => {
    const m = readMessage({ user: 'U1', bot_id: 'BAPP', bot_profile: { name: 'Deploy Bot' }, blocks: [{ type: 'section', text: { type: 'plain_text', text: 'rollback complete' } }], attachments: [{ text: 'older' }], files: [{ name: 'deploy.log', permalink: 'https://x.slack.com/files/F1' }, { title: 'graph' }] });
    expect(m).toEqual({ userId: 'U1', botId: 'BAPP', authorName: 'Deploy Bot', text: 'rollback complete', files: [{ name: 'deploy.log', link: 'https://x.slack.com/files/F1' }, { name: 'graph' }] });
    expect(shown(contentText(m)).split('\n')).toEqual(['rollback complete', 'file: deploy.log (https://x.slack.com/files/F1)', 'file: graph']);
  });
});

describe('who wrote a message', () => {
  it('is the person for a person’s message, whatever else it has', () => {
    expect(messageAuthor({ user: 'U1', username: 'ignored' })).toEqual({ userId: 'U1' });
  });
  it('is a bot by the name it gives: username, else bot_profile, else an attachment’s author', () => {
    expect(messageAuthor({ subtype: 'bot_message', bot_id: 'B1', username: 'PagerDuty', bot_profile: { name: 'pd' } })).toEqual({ userId: '', botId: 'B1', authorName: 'PagerDuty' });
    expect(messageAuthor({ user: 'UB', bot_id: 'B2', bot_profile: { name: 'Grafana' } })).toEqual({ userId: 'UB', botId: 'B2', authorName: 'Grafana' });
    expect(messageAuthor({ subtype: 'bot_message', bot_id: 'B3', attachments: [{ author_name: 'Jenkins' }] })).toEqual({ userId: '', botId: 'B3', authorName: 'Jenkins' });
    expect(messageAuthor({ subtype: 'bot_message', bot_id: 'B4' })).toEqual({ userId: '', botId: 'B4' });
  });
});

describe('sameContent', () => {
  const base = { userId: '', botId: 'B1', authorName: 'Datadog', text: 'alert', files: [] };
  it('sees a change of text, name or files, and none where a stored message has no files field', () => {
    expect(sameContent({ userId: '', botId: 'B1', authorName: 'Datadog', text: 'alert' }, base)).toBe(true);
    expect(sameContent(base, { ...base, text: 'resolved' })).toBe(false);
    expect(sameContent(base, { ...base, authorName: 'Datadog EU' })).toBe(false);
    expect(sameContent(base, { ...base, files: [{ name: 'a.png' }] })).toBe(false);
  });
});
