import { readPayload } from '../../src/inbox/payloads';

describe('a stored inbox payload read back', () => {
  it('passes as the type it was written as', () => {
    const reaction = { type: 'channel_event', event: { kind: 'reaction', channelId: 'C1', messageTs: '1.2', itemUser: 'U1', userId: 'U2', emoji: 'bulb', added: true, eventTs: '1.3' } };
    expect(readPayload(reaction)).toEqual({ ok: true, payload: reaction });
    const form = { type: 'declare_form', declaration: { title: 'DB down', userId: 'U1', severity: 'sev2', replyTo: { userId: 'U1' } } };
    expect(readPayload(form)).toEqual({ ok: true, payload: form });
  });

  it('keeps a command as it was parsed on the ack path, and parses the typed text of one stored by an earlier version', () => {
    const at = { channelId: 'C1', userId: 'U1' };
    const note = { type: 'command', command: { kind: 'note', text: 'db failover', time: { hour: 9, minute: 30 } }, replyTo: { responseUrl: 'http://r' }, ...at };
    expect(readPayload(note)).toEqual({ ok: true, payload: note });
    expect(readPayload({ type: 'command', text: 'lead <@U7>', responseUrl: 'http://r', ...at })).toEqual({
      ok: true,
      payload: { type: 'command', command: { kind: 'role', role: 'lead', user: { kind: 'id', id: 'U7' } }, replyTo: { responseUrl: 'http://r' }, ...at },
    });
  });

  it('keeps the flags of a private or --here declaration, by command and by form', () => {
    const start = { type: 'command', command: { kind: 'start', title: 'DB down', private: true, here: true }, replyTo: { responseUrl: 'http://r' }, channelId: 'C1', userId: 'U1' };
    expect(readPayload(start)).toEqual({ ok: true, payload: start });
    const form = { type: 'declare_form', declaration: { title: 'DB down', userId: 'U1', private: true, replyTo: { userId: 'U1' } } };
    expect(readPayload(form)).toEqual({ ok: true, payload: form });
    // A flag is set or absent: a stored `false` is no payload the bot wrote.
    expect(readPayload({ ...start, command: { kind: 'start', title: 'DB down', private: false } }).ok).toBe(false);
  });

  it('passes when written before a field existed (a message without its bot fields)', () => {
    const old = { type: 'channel_event', event: { kind: 'message', channelId: 'C1', ts: '1.2', userId: 'U1', text: 'hi' } };
    expect(readPayload(old)).toEqual({ ok: true, payload: old });
  });

  it.each([
    ['an unknown kind', { type: 'channel_event', event: { kind: 'emoji_party', channelId: 'C1' } }],
    ['a severity the bot does not know', { type: 'declare_form', declaration: { title: 't', userId: 'U1', severity: 'sev9', replyTo: { userId: 'U1' } } }],
    ['a command without anyone to answer', { type: 'command', command: { kind: 'note', text: 'x' }, channelId: 'C1', userId: 'U1' }],
    ['a command the grammar does not know', { type: 'command', command: { kind: 'dance' }, channelId: 'C1', userId: 'U1', replyTo: { userId: 'U1' } }],
    ['a status that is not one', { type: 'command', command: { kind: 'status', status: 'on fire' }, channelId: 'C1', userId: 'U1', replyTo: { userId: 'U1' } }],
    ['typed text of an earlier version that is no command', { type: 'command', text: 'dance', channelId: 'C1', userId: 'U1', responseUrl: 'http://r' }],
    ['nothing at all', null],
  ])('refuses %s, saying what is wrong', (_what, raw) => {
    const read = readPayload(raw);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.problem).toMatch(/\S/);
  });
});
