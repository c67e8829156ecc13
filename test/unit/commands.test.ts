import { parseIncidentCommand } from '../../src/domain/commands';

describe('parseIncidentCommand', () => {
  it.each([
    ['start Payments down', { kind: 'start', title: 'Payments down' }],
    ['  START   Payments   down ', { kind: 'start', title: 'Payments   down' }],
    ['start', { kind: 'invalid', message: expect.stringContaining('title') }],
    ['close', { kind: 'close' }],
    ['close rolled back v41', { kind: 'close', resolution: 'rolled back v41' }],
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['frobnicate now', { kind: 'unknown', word: 'frobnicate' }],
  ])('%j', (text, expected) => {
    expect(parseIncidentCommand(text)).toEqual(expected);
  });
});
