import fc from 'fast-check';
import { transition } from 'xstate';
import { admit, echo, openDecisions, type ElectionSnapshot } from '../../machines/admission';
import * as decisionRules from '../../machines/decisionRules';
import { DECISION_TYPES, TIMER_EVENT_TYPES } from '../../machines/events';
import { ROLES } from '../../machines/roles';
import { votingMembers } from '../../machines/rules';
import {
  at,
  atStage,
  begin,
  driveTo,
  electionMachine,
  input,
  person,
  rounds,
  scripted,
  scriptFor,
  send,
  start,
  type Run,
} from './fixtures';

const town = person('town-committee');
const guidance = person('guidance-group');

/** Admits a decision stamped at the workflow time, as the host's validator does. */
const admitted = (snapshot: ElectionSnapshot, decision: unknown) =>
  admit(snapshot, decision && typeof decision === 'object' && !Array.isArray(decision) ? { ...decision, at } : decision);

const refusal = (snapshot: ElectionSnapshot, decision: unknown) => {
  const admission = admitted(snapshot, decision);
  if (admission.ok) throw new Error(`expected ${JSON.stringify(decision)} to be refused`);
  return admission;
};

const approveStart = (by = town) => ({
  type: 'APPROVE_START',
  by,
  seats: 5,
  electsDeputy: true,
  method: 'two-recommendations-one-election',
});

describe('admission of a decision', () => {
  const initial = begin()[0];

  it('refuses an unknown decision type, listing the types accepted', () => {
    const { code, message } = refusal(initial, { type: 'APPROVE_EVERYTHING', by: town });
    expect(code).toBe('UNKNOWN_DECISION');
    expect(message).toMatch(/^type: got "APPROVE_EVERYTHING"; accepted: one of /);
    for (const type of DECISION_TYPES) expect(message).toContain(type);
  });

  it.each(TIMER_EVENT_TYPES)('refuses %s from a person: only the workflow timers raise it', (type) => {
    expect(refusal(initial, { type, by: town }).code).toBe('UNKNOWN_DECISION');
  });

  it('refuses an invalid payload, naming each field, the value given and what is accepted', () => {
    const { code, message } = refusal(initial, {
      type: 'RECORD_INVESTIGATION',
      by: guidance,
      category: 'excellent',
      stable: true,
      representatives: -3,
    });
    expect(code).toBe('INVALID_PAYLOAD');
    expect(message).toMatch(/^RECORD_INVESTIGATION: /);
    expect(message).toMatch(/category: got "excellent" \(.*good.*medium.*poor.*\)/);
    expect(message).toContain('representatives: got -3 (zero or more)');
  });

  it('refuses a payload with a field the decision does not have', () => {
    const { code, message } = refusal(initial, { type: 'APPROVE_RESULT', by: town, comment: 'fine' });
    expect(code).toBe('INVALID_PAYLOAD');
    expect(message).toContain('comment');
  });

  it('refuses a decision without a valid role, naming the path', () => {
    const { code, message } = refusal(initial, { type: 'CANCEL', by: { id: 'x', role: 'mayor' }, reason: 'merged' });
    expect(code).toBe('INVALID_PAYLOAD');
    expect(message).toContain('by.role: got "mayor"');
  });

  it('refuses a decision from a role that may not make it, naming the roles that may', () => {
    const run = driveTo(atStage('startApproval'));
    const { code, message } = refusal(run.snapshot, approveStart(guidance));
    expect(code).toBe('ROLE_NOT_ALLOWED');
    expect(message).toBe('by.role: got "guidance-group"; APPROVE_START may be made only by town-committee');
    const objection = refusal(initial, {
      type: 'FILE_OBJECTION',
      by: person('scrutineer'),
      candidateId: 'm04',
      grounds: 'an interest',
      filedBy: 'a villager',
    });
    expect(objection.message).toContain('may be made only by guidance-group or village-branch or town-committee or inspection-team');
  });

  describe('for a village with named approvers', () => {
    const named = input({
      approvers: {
        'town-committee': [
          { id: 'li-ming', name: 'Li Ming' },
          { id: 'zhao-hua', name: 'Zhao Hua' },
        ],
      },
    });
    const reach = () => driveTo(atStage('startApproval'), { input: named });

    it('refuses a person not on the list for that role, naming those who are by id, never by name', () => {
      const { code, message } = refusal(reach().snapshot, approveStart());
      expect(code).toBe('NOT_AN_APPROVER');
      expect(message).toBe('by.id: got "script-town"; for Qilipu the town-committee approvers are li-ming, zhao-hua');
      expect(message).not.toContain('Li Ming');
    });

    it('admits a person on the list', () => {
      expect(admitted(reach().snapshot, approveStart({ ...town, id: 'zhao-hua' })).ok).toBe(true);
    });

    it('admits anyone in a role the village lists nobody for', () => {
      const [snapshot] = begin(named);
      expect(
        admitted(snapshot, { type: 'RECORD_INVESTIGATION', by: guidance, category: 'good', stable: true, representatives: 24 }).ok,
      ).toBe(true);
    });
  });

  it('refuses a decision at the wrong stage, naming the stage and what it accepts now', () => {
    const { code, message } = refusal(initial, { type: 'APPROVE_SLATE', by: town, candidates: ['m04'] });
    expect(code).toBe('WRONG_STAGE');
    expect(message).toBe(
      'APPROVE_SLATE is not possible at stage Investigation (调查摸底); accepted now: RECORD_INVESTIGATION (guidance-group), PROPOSE_POSTPONEMENT (town-committee), CANCEL (town-committee)',
    );
  });

  it('names the step of the conference in a wrong-stage refusal', () => {
    const run = driveTo(atStage('conference', 'attendance'));
    const { message } = refusal(run.snapshot, { type: 'CONFIRM_COUNT', by: person('scrutineer') });
    expect(message).toBe(
      'CONFIRM_COUNT is not possible at stage Party member conference (党员大会), step attendance; accepted now: RECORD_ATTENDANCE (guidance-group), CANCEL (town-committee)',
    );
  });

  describe('against the rules', () => {
    let atRound: Run;
    beforeAll(() => {
      atRound = driveTo(atStage('conference', 'awaitingRound'));
    });

    it('refuses a round whose valid and invalid ballots do not add up to those returned, with the sums', () => {
      const round = rounds.electing(atRound.snapshot);
      const { code, message } = refusal(atRound.snapshot, { ...round, validBallots: 30, invalidBallots: 2 });
      expect(code).toBe('ROUND_VALID_PLUS_INVALID_NOT_RETURNED');
      expect(message).toContain('valid 30 + invalid 2 = 32, not the 33 ballots returned');
    });

    it('admits a round with more ballots returned than issued: a true record of a void round', () => {
      expect(admitted(atRound.snapshot, rounds.void(atRound.snapshot)).ok).toBe(true);
    });

    it('refuses a count confirmed by someone who is not an appointed scrutineer', () => {
      const pending = send(atRound, rounds.electing(atRound.snapshot));
      const { code, message } = refusal(pending.snapshot, { type: 'CONFIRM_COUNT', by: { ...person('scrutineer'), id: 'm01' } });
      expect(code).toBe('NOT_AN_APPOINTED_SCRUTINEER');
      expect(message).toBe(`by.id: got "m01"; accepted: an appointed scrutineer (${pending.snapshot.context.scrutineers.join(', ')})`);
    });

    it('refuses a committee of more than 7 seats', () => {
      const run = driveTo(atStage('startRequest'));
      const { code, message } = refusal(run.snapshot, {
        type: 'SUBMIT_START_REQUEST',
        by: person('village-branch'),
        seats: 9,
        electsDeputy: true,
        method: 'two-recommendations-one-election',
      });
      expect(code).toBe('SEATS_ABOVE_MAXIMUM');
      expect(message).toContain('9 seats: a committee has at most 7 members');
    });
  });

  it('admits a well-formed decision as the parsed event, defaults applied and time kept', () => {
    const run = driveTo(atStage('conference', 'attendance'));
    const present = votingMembers(run.input.roster).map((m) => m.id);
    const admission = admitted(run.snapshot, { type: 'RECORD_ATTENDANCE', by: guidance, present });
    expect(admission).toEqual({ ok: true, event: { type: 'RECORD_ATTENDANCE', by: guidance, present, excusals: [], at } });
  });

  it.each([
    ['cancelled', () => send(start(), { type: 'CANCEL', by: town, reason: 'merged into a town' })],
    ['completed', () => driveTo((s) => s.status === 'done')],
  ])('refuses every decision once the election is %s', (stage, reach) => {
    const run = reach();
    const { code, message } = refusal(run.snapshot, { type: 'CANCEL', by: town, reason: 'once more' });
    expect(code).toBe('ELECTION_CLOSED');
    expect(message).toBe(`the election is ${stage}; it takes no more decisions`);
    expect(openDecisions(run.snapshot)).toEqual([]);
  });
});

describe('admission works each rule out once', () => {
  afterEach(() => jest.restoreAllMocks());

  it('asks the rule once for a decision admitted and then taken by the machine, as the host does', () => {
    const run = driveTo(atStage('conference', 'awaitingRound'));
    const rule = jest.spyOn(decisionRules, 'decisionVerdict');
    const admission = admitted(run.snapshot, rounds.electing(run.snapshot));
    if (!admission.ok) throw new Error(admission.message);
    const [next] = transition(electionMachine, run.snapshot, admission.event);
    expect(next.context.pendingRound).toBeDefined();
    expect(rule).toHaveBeenCalledTimes(1);
  });

  it('asks again when the context has changed: a verdict belongs to one context', () => {
    const run = driveTo(atStage('conference', 'awaitingRound'));
    const admission = admitted(run.snapshot, rounds.electing(run.snapshot));
    if (!admission.ok) throw new Error(admission.message);
    const rule = jest.spyOn(decisionRules, 'decisionVerdict');
    const moved = { ...run.snapshot, context: { ...run.snapshot.context } } as ElectionSnapshot;
    expect(admit(moved, admission.event).ok).toBe(true);
    expect(rule).toHaveBeenCalledTimes(1);
  });
});

describe('admission of what a hostile sender may put in JSON', () => {
  /** An object nested `depth` levels deep, built without recursion. */
  const nested = (depth: number) => {
    let value: Record<string, unknown> = {};
    for (let i = 0; i < depth; i += 1) value = { a: value };
    return value;
  };

  it.each([
    ['an object with a toString key', { toString: 1 }, 'type: got {"toString":1}; accepted: one of '],
    [
      'an object with toString and valueOf keys',
      { toString: {}, valueOf: 'x' },
      'type: got {"toString":{},"valueOf":"x"}; accepted: one of ',
    ],
    [
      'an object with a null prototype',
      Object.assign(Object.create(null), { type: 'CANCEL' }),
      'type: got {"type":"CANCEL"}; accepted: one of ',
    ],
    ['a list', ['CANCEL'], 'type: got ["CANCEL"]; accepted: one of '],
  ])('refuses a type that is %s, quoting it', (_, type, start) => {
    const { code, message } = refusal(begin()[0], { type, by: town });
    expect(code).toBe('UNKNOWN_DECISION');
    expect(message.startsWith(start)).toBe(true);
  });

  it.each([
    ['null', null, 'the decision: got null (null); accepted: a JSON object'],
    ['a list', [[['CANCEL']]], 'the decision: got a list ([[["CANCEL"]]]); accepted: a JSON object'],
    ['a string', '\u0000', 'the decision: got a string ("\\u0000"); accepted: a JSON object'],
    ['a number', 7, 'the decision: got a number (7); accepted: a JSON object'],
  ])('refuses a decision that is %s, not an object, saying what it got', (_, raw, start) => {
    const { code, message } = refusal(begin()[0], raw);
    expect(code).toBe('UNKNOWN_DECISION');
    expect(message.startsWith(start)).toBe(true);
  });

  it('refuses fields that are objects with toString and valueOf keys, naming the fields', () => {
    const bent = { toString: 1, valueOf: 1 };
    const { code, message } = refusal(begin()[0], {
      type: 'RECORD_INVESTIGATION',
      by: { id: bent, role: bent, name: bent },
      category: bent,
      stable: true,
      representatives: 3,
    });
    expect(code).toBe('INVALID_PAYLOAD');
    expect(message).toContain('category: got {"toString":1,"valueOf":1}');
  });

  it('refuses a decision whose type is nested 100,000 levels deep, with a reason', () => {
    const { code, message } = refusal(begin()[0], { type: nested(100_000), by: town });
    expect(code).toBe('UNKNOWN_DECISION');
    expect(message).toMatch(/^type: got a value that cannot be shown/);
  });

  it('refuses a known decision with a field nested 100,000 levels deep, with a reason', () => {
    const { code, message } = refusal(begin()[0], { type: 'CANCEL', by: town, reason: nested(100_000) });
    expect(['INVALID_PAYLOAD', 'UNCHECKABLE']).toContain(code);
    expect(message.length).toBeGreaterThan(0);
  });

  it('quotes a long value cut short', () => {
    expect(echo('x'.repeat(2_000_000))).toHaveLength(80);
  });
});

describe('admission never throws', () => {
  let snapshots: ElectionSnapshot[];
  let seeds: Record<string, unknown>[];
  beforeAll(() => {
    const where = [
      atStage('investigation'),
      atStage('startApproval'),
      atStage('inspection'),
      atStage('slateApproval'),
      atStage('publicity', 'open'),
      atStage('conference', 'attendance'),
      atStage('conference', 'scrutineers'),
      atStage('conference', 'awaitingRound'),
      atStage('conference', 'awaitingConfirmation'),
      atStage('firstPlenary'),
      atStage('resultApproval'),
      atStage('handover'),
      (s: ElectionSnapshot) => s.status === 'done',
    ];
    const runs = where.map((until) => driveTo(until));
    snapshots = runs.map((r) => r.snapshot);
    seeds = runs.flatMap((r) => {
      const next = scripted(r.snapshot, scriptFor(r.input));
      const extra =
        r.snapshot.context.ballot && r.snapshot.context.attendance ? [rounds.void(r.snapshot), rounds.short(r.snapshot, 1)] : [];
      return [...(next ? [next] : []), ...extra];
    });
  });

  it('answers any value at all with a verdict, never an exception', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.anything({
          withNullPrototype: true,
          withObjectString: true,
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withSparseArray: true,
        }),
        (i, raw) => {
          const admission = admit(snapshots[i]!, raw);
          expect(typeof admission.ok).toBe('boolean');
          if (!admission.ok) expect(admission.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers a decision with a known type and any junk alongside with a verdict naming it', () => {
    const junk = fc.dictionary(
      fc.constantFrom('by', 'seats', 'votes', 'present', 'candidates', 'tally', 'verdicts', 'until', 'reason', 'scrutineers'),
      fc.anything(),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.constantFrom(...DECISION_TYPES), junk, (i, type, fields) => {
        const admission = admit(snapshots[i]!, { type, ...fields, at });
        if (!admission.ok) expect(admission.message).toEqual(expect.any(String));
      }),
      { numRuns: 500 },
    );
  });

  it('never lets an admitted decision make the machine throw, however its fields are bent', () => {
    const ids = votingMembers(input().roster).map((m) => m.id);
    const bent = fc.oneof(
      fc.anything(),
      fc.integer({ min: -2, max: 60 }),
      fc.constantFrom(...ids, 'nobody'),
      fc.array(fc.constantFrom(...ids, 'nobody'), { maxLength: 8 }),
      fc.dictionary(fc.constantFrom(...ids.slice(0, 8)), fc.integer({ min: 0, max: 40 })),
      fc.record({ id: fc.constantFrom('m03', 'm36', 'script-town'), role: fc.constantFrom(...ROLES) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.nat(), fc.nat(), bent, (i, s, f, value) => {
        const seed = seeds[s % seeds.length]!;
        const fields = Object.keys(seed).filter((k) => k !== 'type');
        const decision = { ...seed, [fields[f % fields.length]!]: value, at };
        const admission = admit(snapshots[i]!, decision);
        if (admission.ok) expect(() => transition(electionMachine, snapshots[i]!, admission.event)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
