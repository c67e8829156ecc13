import { parseIncidentCommand, parseUserMention, USAGE } from '../../src/domain/commands';
import type { IncidentCommand } from '../../src/domain/commands';

type Case = [text: string, expected: IncidentCommand];

// Messages are checked for what they must name, in order, not for their exact wording.
const invalidMentioning = (...parts: string[]): IncidentCommand => ({
  kind: 'invalid',
  message: expect.stringMatching(new RegExp(parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*'), 'i')),
});

describe('parseIncidentCommand', () => {
  describe('start', () => {
    it.each<Case>([
      ['start Payments down', { kind: 'start', title: 'Payments down' }],
      ['  START   Payments   down ', { kind: 'start', title: 'Payments   down' }],
      ['declare Payments down', { kind: 'start', title: 'Payments down' }],
      ['start', { kind: 'start' }],
      ['start sev2', { kind: 'start', severity: 'sev2' }],
      ['start SEV1 Checkout 500s', { kind: 'start', severity: 'sev1', title: 'Checkout 500s' }],
      ['Declare sev4 slow search', { kind: 'start', severity: 'sev4', title: 'slow search' }],
      ['start severe latency', { kind: 'start', title: 'severe latency' }],
      ['start Sev2 is what ops called it', { kind: 'start', severity: 'sev2', title: 'is what ops called it' }],
      ['start sev5 db down', invalidMentioning('sev5', 'sev1', 'sev2', 'sev3', 'sev4')],
      ['start sev0', invalidMentioning('sev0', 'sev1', 'sev4')],
      ['start sev-2 db down', invalidMentioning('sev-2', 'sev1', 'sev4')],
    ])('%j', (text, expected) => {
      expect(parseIncidentCommand(text)).toEqual(expected);
    });
  });

  describe('start flags', () => {
    it.each<Case>([
      ['start --private db down', { kind: 'start', private: true, title: 'db down' }],
      ['start --private sev2 db down', { kind: 'start', private: true, severity: 'sev2', title: 'db down' }],
      ['start sev2 --private db down', { kind: 'start', private: true, severity: 'sev2', title: 'db down' }],
      ['start --PRIVATE --here sev1 db down', { kind: 'start', private: true, here: true, severity: 'sev1', title: 'db down' }],
      ['start —here db down', { kind: 'start', here: true, title: 'db down' }],
      ['start --private', { kind: 'start', private: true }],
      ['start --private sev3', { kind: 'start', private: true, severity: 'sev3' }],
      // Only before the title: later words are the title's, as typed.
      ['start db down --private', { kind: 'start', title: 'db down --private' }],
      ['start sev2 sev1 down', { kind: 'start', severity: 'sev2', title: 'sev1 down' }],
      ['start --here', invalidMentioning('title', '--here')],
      ['start --here sev2', invalidMentioning('title', '--here')],
      ['start --secret db down', invalidMentioning('--secret', '--private', '--here')],
      ['start --private sev7 db down', invalidMentioning('sev7', 'sev1')],
    ])('%j', (text, expected) => {
      expect(parseIncidentCommand(text)).toEqual(expected);
    });

    it('names both flags in the usage', () => {
      expect(USAGE).toMatch(/start \[--private\] \[--here\] \[sev1-sev4\] <title>/);
    });
  });

  describe('note', () => {
    it.each<Case>([
      ['note rolled back v41', { kind: 'note', text: 'rolled back v41' }],
      ['NOTE 09:30 paged db team', { kind: 'note', text: 'paged db team', time: { hour: 9, minute: 30 } }],
      ['note 0:05 alert fired', { kind: 'note', text: 'alert fired', time: { hour: 0, minute: 5 } }],
      ['note 9:30am paged', { kind: 'note', text: 'paged', time: { hour: 9, minute: 30 } }],
      ['note 9:30 PM paged', { kind: 'note', text: 'paged', time: { hour: 21, minute: 30 } }],
      ['note 12:10 am  cron   ran', { kind: 'note', text: 'cron   ran', time: { hour: 0, minute: 10 } }],
      ['note 23:59\nline one\nline two', { kind: 'note', text: 'line one\nline two', time: { hour: 23, minute: 59 } }],
      ['note deploy at 09:30 failed', { kind: 'note', text: 'deploy at 09:30 failed' }],
      ['note 9 am is when it started', { kind: 'note', text: '9 am is when it started' }],
      ['note amended the runbook', { kind: 'note', text: 'amended the runbook' }],
      ['note 25:00 paged', invalidMentioning('25:00 is not a time', 'HH:MM', 'am/pm')],
      ['note 9:75 paged', invalidMentioning('9:75 is not a time')],
      ['note 9.30 paged', invalidMentioning('9.30 is not a time')],
      ['note 9pm paged', invalidMentioning('9pm is not a time')],
      ['note 13:00pm paged', invalidMentioning('13:00pm is not a time')],
      ['note 21:30 pm paged', invalidMentioning('21:30 pm is not a time')],
      ['note', invalidMentioning('Say what happened')],
      ['note 09:30', invalidMentioning('Say what happened')],
      ['note 9:30 am', invalidMentioning('Say what happened')],
    ])('%j', (text, expected) => {
      expect(parseIncidentCommand(text)).toEqual(expected);
    });

    it('keeps long text whole', () => {
      const text = 'x'.repeat(5000);
      expect(parseIncidentCommand(`note ${text}`)).toEqual({ kind: 'note', text });
    });
  });

  describe('status and severity', () => {
    it.each<Case>([
      ['status investigating', { kind: 'status', status: 'investigating' }],
      ['status Identified', { kind: 'status', status: 'identified' }],
      ['STATUS MONITORING', { kind: 'status', status: 'monitoring' }],
      ['status resolved', { kind: 'status', status: 'resolved' }],
      ['status', invalidMentioning('investigating', 'identified', 'monitoring', 'resolved')],
      ['status fixed', invalidMentioning('investigating', 'resolved')],
      ['status resolved fix deployed', invalidMentioning('investigating', 'resolved')],
      ['severity sev3', { kind: 'severity', severity: 'sev3' }],
      ['sev SEV1', { kind: 'severity', severity: 'sev1' }],
      ['severity', invalidMentioning('sev1', 'sev2', 'sev3', 'sev4')],
      ['severity sev5', invalidMentioning('sev1', 'sev4')],
      ['severity high', invalidMentioning('sev1', 'sev4')],
      ['severity sev2 sev3', invalidMentioning('sev1', 'sev4')],
    ])('%j', (text, expected) => {
      expect(parseIncidentCommand(text)).toEqual(expected);
    });
  });

  describe('roles', () => {
    it.each<Case>([
      ['lead <@U123ABC|alice>', { kind: 'role', role: 'lead', user: { kind: 'id', id: 'U123ABC' } }],
      ['lead <@W9>', { kind: 'role', role: 'lead', user: { kind: 'id', id: 'W9' } }],
      ['lead @alice.b-c', { kind: 'role', role: 'lead', user: { kind: 'name', name: 'alice.b-c' } }],
      ['role scribe <@U1|bob>', { kind: 'role', role: 'scribe', user: { kind: 'id', id: 'U1' } }],
      ['role COMMS @carol', { kind: 'role', role: 'comms', user: { kind: 'name', name: 'carol' } }],
      ['role lead <@U2|dee dee>', { kind: 'role', role: 'lead', user: { kind: 'id', id: 'U2' } }],
      ['lead', invalidMentioning('name a person', '/incident lead @user')],
      ['lead alice', invalidMentioning('name a person', '/incident lead @user')],
      ['lead @Alice Smith', invalidMentioning('name a person')],
      ['role scribe', invalidMentioning('name a person', '/incident role scribe @user')],
      ['role', invalidMentioning('lead', 'scribe', 'comms')],
      ['role chef @alice', invalidMentioning('lead', 'scribe', 'comms')],
    ])('%j', (text, expected) => {
      expect(parseIncidentCommand(text)).toEqual(expected);
    });
  });

  describe('impact, root cause and actions', () => {
    it.each<Case>([
      ['impact EU checkout  failing', { kind: 'impact', text: 'EU checkout  failing' }],
      ['impact', invalidMentioning('/incident impact')],
      ['rootcause expired cert', { kind: 'rootcause', text: 'expired cert' }],
      ['root-cause expired cert', { kind: 'rootcause', text: 'expired cert' }],
      ['RC expired cert', { kind: 'rootcause', text: 'expired cert' }],
      ['rc   ', invalidMentioning('/incident rootcause')],
      ['action rotate certs <@U7|erin>', { kind: 'action', text: 'rotate certs', owner: { kind: 'id', id: 'U7' } }],
      ['todo add alert @frank', { kind: 'action', text: 'add alert', owner: { kind: 'name', name: 'frank' } }],
      ['action add alert <@U7|erin smith>', { kind: 'action', text: 'add alert', owner: { kind: 'id', id: 'U7' } }],
      ['action ask @gina about   limits', { kind: 'action', text: 'ask @gina about   limits' }],
      ['action add alert', { kind: 'action', text: 'add alert' }],
      ['action <@U7>', invalidMentioning('/incident action')],
      ['action', invalidMentioning('/incident action')],
    ])('%j', (text, expected) => {
      expect(parseIncidentCommand(text)).toEqual(expected);
    });
  });

  describe('lifecycle, help and unknown words', () => {
    it.each<Case>([
      ['close', { kind: 'close' }],
      ['close rolled back v41', { kind: 'close', resolution: 'rolled back v41' }],
      ['reopen', { kind: 'reopen' }],
      ['Reopen please', { kind: 'reopen' }],
      ['list', { kind: 'list' }],
      ['list all of them', { kind: 'list' }],
      ['', { kind: 'help' }],
      ['   ', { kind: 'help' }],
      ['help', { kind: 'help' }],
      ['HELP me', { kind: 'help' }],
      ['frobnicate now', { kind: 'unknown', word: 'frobnicate' }],
      ['Starts now', { kind: 'unknown', word: 'Starts' }],
    ])('%j', (text, expected) => {
      expect(parseIncidentCommand(text)).toEqual(expected);
    });
  });
});

describe('parseUserMention', () => {
  it.each([
    ['<@U123ABC>', { kind: 'id', id: 'U123ABC' }],
    ['<@U123ABC|alice>', { kind: 'id', id: 'U123ABC' }],
    ['<@W123>', { kind: 'id', id: 'W123' }],
    ['@alice', { kind: 'name', name: 'alice' }],
    ['@alice.b-c', { kind: 'name', name: 'alice.b-c' }],
    ['@bob_2', { kind: 'name', name: 'bob_2' }],
    ['alice', undefined],
    ['@', undefined],
    ['@alice,', undefined],
    ['<#C123|general>', undefined],
    ['<!here>', undefined],
    ['<@u123>', undefined],
    ['<@U123', undefined],
    ['<@U123>x', undefined],
  ])('%j', (token, expected) => {
    expect(parseUserMention(token)).toEqual(expected);
  });
});

describe('USAGE', () => {
  it.each(['start', 'note', 'status', 'severity', 'lead', 'role', 'impact', 'rootcause', 'action', 'close', 'reopen', 'list', 'help'])(
    'has one line for %s',
    (command) => {
      expect(USAGE.split('\n').filter((line) => line.startsWith(`• \`/incident ${command} `) || line.startsWith(`• \`/incident ${command}\``))).toHaveLength(1);
    },
  );
});

describe('notes that start with a number', () => {
  it.each(['1.5x latency on checkout', '3.2 rolled out to 10%', '500s from the edge'])('%j is text, not a time', (text) => {
    expect(parseIncidentCommand(`note ${text}`)).toEqual({ kind: 'note', text });
  });
});

describe('impact window and postmortem commands', () => {
  it.each([
    ['started 09:30', { kind: 'started', time: { hour: 9, minute: 30 } }],
    ['ended 11:05 pm', { kind: 'ended', time: { hour: 23, minute: 5 } }],
    ['ENDED 7:00am', { kind: 'ended', time: { hour: 7, minute: 0 } }],
    ['postmortem', { kind: 'postmortem' }],
  ])('%j', (text, expected) => {
    expect(parseIncidentCommand(text)).toEqual(expected);
  });
  it.each(['started', 'started soon', 'ended 25:00', 'started 9:30 yesterday'])('%j is refused with the grammar', (text) => {
    expect(parseIncidentCommand(text)).toEqual({ kind: 'invalid', message: expect.stringMatching(/HH:MM/) });
  });
});

describe('/incident update', () => {
  it('takes the rest as the update, as typed', () => {
    expect(parseIncidentCommand('update  Rollback done;\nerror rate back to 0.1%')).toEqual({ kind: 'update', text: 'Rollback done;\nerror rate back to 0.1%' });
  });
  it('refuses an update with nothing in it', () => {
    expect(parseIncidentCommand('update')).toEqual({ kind: 'invalid', message: 'Say where things stand: `/incident update <text>`.' });
  });
});
