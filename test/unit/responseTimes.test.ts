import type { Incident } from '../../src/domain/incident';
import { firstAcknowledgement, responseTimes, stepsFirstReached } from '../../src/domain/responseTimes';

const at = (min: number) => new Date(Date.UTC(2024, 0, 1, 10, min));
const declaredAt = at(0);
const incident = (over: Partial<Pick<Incident, 'milestones' | 'roles' | 'reached'>> = {}): Pick<Incident, 'declaredAt' | 'milestones' | 'roles' | 'reached'> => ({
  declaredAt,
  milestones: { investigating: declaredAt },
  roles: {},
  ...over,
});

describe('responseTimes', () => {
  it('measures each step from the declaration to its milestone, and acknowledgement to its time', () => {
    expect(
      responseTimes({ declaredAt, milestones: { investigating: at(0), identified: at(12), monitoring: at(30), resolved: at(45) }, acknowledgedAt: at(3) }),
    ).toEqual({ acknowledge: 3 * 60_000, identify: 12 * 60_000, mitigate: 30 * 60_000, resolve: 45 * 60_000 });
  });

  it('leaves out steps not reached, and counts a later phase as reaching the earlier ones', () => {
    expect(responseTimes({ declaredAt, milestones: { investigating: at(0) } })).toEqual({});
    expect(responseTimes({ declaredAt, milestones: { investigating: at(0), monitoring: at(20) } })).toEqual({ identify: 20 * 60_000, mitigate: 20 * 60_000 });
  });

  it('takes the earliest of a phase and the later ones when a phase was entered again later', () => {
    // identified at 30 (again, after going back), monitoring first at 20.
    expect(responseTimes({ declaredAt, milestones: { identified: at(30), monitoring: at(20) } }).identify).toBe(20 * 60_000);
  });

  it('never measures a negative time', () => {
    expect(responseTimes({ declaredAt, milestones: { resolved: new Date(declaredAt.getTime() - 5000) } }).resolve).toBe(0);
  });
});

describe('firstAcknowledgement', () => {
  it('is the earliest lead assignment or status change, whatever the order, ignoring other roles and facts', () => {
    expect(
      firstAcknowledgement([
        { at: at(9), fact: { kind: 'status', from: 'investigating', to: 'identified' } },
        { at: at(2), fact: { kind: 'role', role: 'scribe', userId: 'U2' } },
        { at: at(1), fact: { kind: 'note', text: 'looking' } },
        { at: at(5), fact: { kind: 'role', role: 'lead', userId: 'U1' } },
        { at: at(4) },
      ]),
    ).toEqual(at(5));
    expect(firstAcknowledgement([{ at: at(1), fact: { kind: 'severity', to: 'sev1' } }])).toBeUndefined();
  });
});

describe('stepsFirstReached', () => {
  it('a first status change acknowledges and reaches its phase and those before it', () => {
    expect(stepsFirstReached(incident(), { kind: 'status', from: 'investigating', to: 'monitoring' }, at(10))).toEqual([
      { step: 'acknowledge', ms: 600_000 },
      { step: 'identify', ms: 600_000 },
      { step: 'mitigate', ms: 600_000 },
    ]);
  });

  it('reaches nothing again: a phase entered before, or an incident acknowledged before', () => {
    const identified = incident({ milestones: { investigating: at(5), identified: at(3) } });
    expect(stepsFirstReached(identified, { kind: 'status', from: 'investigating', to: 'identified' }, at(8))).toEqual([]);
    expect(stepsFirstReached(identified, { kind: 'role', role: 'lead', userId: 'U1' }, at(9))).toEqual([]);
    expect(stepsFirstReached(identified, { kind: 'status', from: 'identified', to: 'resolved' }, at(20))).toEqual([
      { step: 'mitigate', ms: 20 * 60_000 },
      { step: 'resolve', ms: 20 * 60_000 },
    ]);
  });

  it('a lead acknowledges once; a lead named in the declaration acknowledges at once', () => {
    expect(stepsFirstReached(incident(), { kind: 'role', role: 'lead', userId: 'U1' }, at(4))).toEqual([{ step: 'acknowledge', ms: 240_000 }]);
    expect(stepsFirstReached(incident(), { kind: 'role', role: 'comms', userId: 'U1' }, at(4))).toEqual([]);
    expect(stepsFirstReached(incident({ roles: { lead: 'U1' } }), { kind: 'declared', title: 't' }, declaredAt)).toEqual([{ step: 'acknowledge', ms: 0 }]);
    expect(stepsFirstReached(incident(), { kind: 'declared', title: 't' }, declaredAt)).toEqual([]);
  });

  it('closing resolves an incident no phase resolved, once: a close after a reopen reaches nothing again', () => {
    expect(stepsFirstReached(incident(), { kind: 'closed', resolution: 'fixed' }, at(50))).toEqual([{ step: 'resolve', ms: 50 * 60_000 }]);
    expect(stepsFirstReached(incident({ milestones: { resolved: at(40) } }), { kind: 'closed' }, at(50))).toEqual([]);
    expect(stepsFirstReached(incident({ reached: { resolve: at(50) } }), { kind: 'closed' }, at(90))).toEqual([]);
  });
});
