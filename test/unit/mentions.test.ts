import { mentionedUserIds, resolveMentions } from '../../src/domain/mentions';

describe('mentions', () => {
  const names = new Map([['U1', 'Ann Alvarez']]);
  it.each([
    ['ask <@U1> about it', 'ask @Ann Alvarez about it'],
    ['ask <@U1|ann>', 'ask @Ann Alvarez'],
    ['ask <@U2|bob>', 'ask @bob'],
    ['ask <@U3>', 'ask @U3'],
    ['see <#C1|ops-alerts>', 'see #ops-alerts'],
    ['cc <!subteam^S1|@sre>', 'cc @sre'],
    ['<!channel> and <!here>', '@channel and @here'],
    ['graph <https://grafana.example/d/1|latency>', 'graph latency (https://grafana.example/d/1)'],
    ['raw <https://status.example>', 'raw https://status.example'],
    ['a < b > c', 'a < b > c'],
  ])('%j → %j', (text, shown) => {
    expect(resolveMentions(text, names)).toBe(shown);
  });
  it('lists each mentioned person once', () => {
    expect(mentionedUserIds('<@U1> <@U2|b> <@U1> <#C1>')).toEqual(['U1', 'U2']);
  });
});
