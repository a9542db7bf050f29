import fc from 'fast-check';
import { nextScriptedDecision, SCRIPTED_PEOPLE, type OfficeScript } from '../../client/demo/townOffice';
import { openDecisions, type ElectionSnapshot } from '../../machines/admission';
import { DECISION_ROLES, DECISION_TYPES, decisionSchemas, type DecisionType, type RefusalVia } from '../../machines/events';
import { ROLES, type Role } from '../../machines/roles';
import { addDays } from '../../machines/rules';
import { publicView } from '../../machines/view';

/** What a generated move sends, before it meets the village's state. */
export type MoveKind =
  'scripted' | 'otherApprover' | 'bent' | 'wrongStage' | 'wrongRole' | 'notApprover' | 'junk' | 'anyType' | 'cancel' | 'twice';

/** How one field of the scripted decision is bent. */
export type Bend =
  | { kind: 'retype'; value: unknown }
  | { kind: 'number'; value: number }
  | { kind: 'shift'; by: number }
  | { kind: 'string'; value: string }
  | { kind: 'drop' }
  | { kind: 'extraKey'; key: string; value: unknown }
  | { kind: 'duplicate' };

/** One generated move: what to send, by which path, and whether it races the next moves. */
export interface Move {
  kind: MoveKind;
  via: RefusalVia;
  /** Chooses among what the state offers (which field, which wrong type, which role). */
  pick: number;
  bend: Bend;
  junk: unknown;
  /** Sent at the same time as the moves after it (up to 3 in all), so they race in the workflow's queue. */
  burst: boolean;
}

/** A village of the fuzzed county and the moves it receives, in order. */
export interface LanePlan {
  village: 'Luokou' | 'Qilipu' | 'Beiguan';
  /** A small branch (fewer than 7 full members) elects its secretary directly. */
  members?: number;
  /** A low history limit makes the village continue-as-new while it is being fuzzed. */
  historyLimit?: number;
  moves: Move[];
}

/** The town-committee approvers every fuzzed village lists: the scripted office and one colleague. */
export const TOWN_APPROVERS = [
  { id: SCRIPTED_PEOPLE['town-committee'].id, name: SCRIPTED_PEOPLE['town-committee'].name },
  { id: 'town-deputy', name: 'Deputy town secretary' },
];

const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.record({ type: fc.string(), by: fc.anything() }),
  fc.record({ type: fc.constantFrom(...DECISION_TYPES), by: fc.anything() }),
  fc.record({ type: fc.constantFrom(...DECISION_TYPES), by: fc.record({ id: fc.anything(), role: fc.anything() }) }),
  fc.record({
    type: fc.constantFrom(...DECISION_TYPES),
    by: fc.record({ id: fc.string(), role: fc.constantFrom(...ROLES) }),
    extra: fc.anything(),
  }),
);

const bendArb: fc.Arbitrary<Bend> = fc.oneof(
  fc.record({
    kind: fc.constant('retype' as const),
    value: fc.oneof(fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null), fc.integer(), fc.constant([]), fc.constant({})),
  }),
  fc.record({
    kind: fc.constant('number' as const),
    value: fc.oneof(
      fc.integer({ min: -1000, max: -1 }),
      fc.double({ min: -10, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
      fc.constant(1e9),
      fc.integer({ min: 0, max: 200 }),
    ),
  }),
  fc.record({ kind: fc.constant('shift' as const), by: fc.integer({ min: -3, max: 3 }).filter((n) => n !== 0) }),
  fc.record({
    kind: fc.constant('string' as const),
    value: fc.oneof(fc.constantFrom('', ' ', 'm99', 'nobody', 'm01', '2026-02-30'), fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('drop' as const) }),
  fc.record({
    kind: fc.constant('extraKey' as const),
    key: fc.string({ minLength: 1, maxLength: 6 }).map((k) => `x_${k}`),
    value: fc.anything(),
  }),
  fc.record({ kind: fc.constant('duplicate' as const) }),
);

const moveArb: fc.Arbitrary<Move> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant('scripted' as const), weight: 30 },
    { arbitrary: fc.constant('otherApprover' as const), weight: 4 },
    { arbitrary: fc.constant('bent' as const), weight: 25 },
    { arbitrary: fc.constant('wrongStage' as const), weight: 8 },
    { arbitrary: fc.constant('wrongRole' as const), weight: 7 },
    { arbitrary: fc.constant('notApprover' as const), weight: 6 },
    { arbitrary: fc.constant('junk' as const), weight: 8 },
    { arbitrary: fc.constant('anyType' as const), weight: 8 },
    { arbitrary: fc.constant('cancel' as const), weight: 1 },
    { arbitrary: fc.constant('twice' as const), weight: 3 },
  ),
  via: fc.constantFrom('update' as const, 'signal' as const),
  pick: fc.nat(),
  bend: bendArb,
  junk: junkArb,
  burst: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
});

/** A county of `villages` villages, each with `moves` moves. */
export const countyArb = (villages: number, moves: number): fc.Arbitrary<LanePlan[]> =>
  fc.array(
    fc.record(
      {
        village: fc.constantFrom('Luokou' as const, 'Qilipu' as const, 'Beiguan' as const),
        members: fc.constantFrom(undefined, 6),
        historyLimit: fc.constantFrom(undefined, undefined, 150),
        moves: fc.array(moveArb, { minLength: moves, maxLength: moves }),
      },
      { requiredKeys: ['village', 'moves'] },
    ),
    { minLength: villages, maxLength: villages },
  );

/** A decision as sent, with what the fuzzer knows must happen to it. */
export interface Send {
  kind: MoveKind;
  via: RefusalVia;
  raw: unknown;
  /** The `by.name` that identifies this send in the workflow's records (absent for junk). */
  tag?: string;
  /** Refusal codes one of which must come back whatever the state; `any` for any code. */
  mustRefuse?: string[] | 'any';
  /** Refusal codes that must come back when the fuzzer knows the workflow's state exactly. */
  refuseInState?: string[];
  /** What was done to it, for a failure message. */
  note: string;
}

/** What a move is interpreted against: the village's snapshot as a pure run sees it, and the script. */
export interface Situation {
  snapshot: ElectionSnapshot;
  script: OfficeScript;
  /** Today's date (UTC) in workflow time, for dates that must lie ahead. */
  today: string;
  tag: string;
}

const TC_TYPES = DECISION_TYPES.filter((t) => DECISION_ROLES[t].includes('town-committee'));
/** Decisions a stage never waits for but always takes; a wrong-stage decision is never one of them. */
const ALWAYS_OPEN: DecisionType[] = ['CANCEL', 'PROPOSE_POSTPONEMENT'];

const actor = (role: Role, tag: string, id = SCRIPTED_PEOPLE[role].id) => ({ id, name: tag, role });
const cyclic = <T>(items: readonly T[], pick: number): T => items[pick % items.length]!;

/**
 * A well-formed decision of `type` from a person allowed to make it, with figures taken from the
 * village's state where it has them: correct when the stage is open for it, wrong-stage otherwise.
 */
export function plausible(type: DecisionType, s: Situation, pick: number): Record<string, unknown> {
  const c = s.snapshot.context;
  const role = cyclic(DECISION_ROLES[type], pick);
  const by = actor(role, s.tag);
  const view = publicView(s.snapshot, { timers: [], decisions: [], refusals: [] });
  const reason = 'the village asked for it in writing';
  const build = (): Record<string, unknown> | null => {
    switch (type) {
      case 'RECORD_INVESTIGATION':
        return {
          category: cyclic(['good', 'medium', 'poor'], pick),
          stable: pick % 4 !== 0,
          representatives: s.script.representatives,
          ...(pick % 4 === 0 ? { instability: 'a land dispute' } : {}),
        };
      case 'PROPOSE_POSTPONEMENT':
        return { reason, until: addDays(s.today, 30 + (pick % 200)) };
      case 'APPROVE_POSTPONEMENT':
        return pick % 2 ? {} : { until: addDays(s.today, 60 + (pick % 100)) };
      case 'REPORT_FIT_TO_PROCEED':
        return { findings: 'the dispute is settled' };
      case 'REFUSE_POSTPONEMENT':
      case 'SEND_BACK_START':
      case 'SEND_BACK_SLATE':
      case 'REJECT_RESULT':
      case 'CANCEL':
        return { reason };
      case 'FILE_OBJECTION':
        return {
          candidateId: c.candidates.length ? cyclic(c.candidates, pick) : 'm04',
          grounds: 'an undeclared business interest',
          filedBy: 'a villager',
        };
      case 'RECORD_OBJECTION_FINDINGS':
        return { findings: 'the interest was declared in 2024' };
      case 'RULE_OBJECTION':
        return { ruling: pick % 3 === 0 ? 'upheld' : 'dismissed', reason };
      case 'REDUCE_SEATS':
        return { votesFor: c.attendance?.present.length ?? 0 };
      case 'CONFIRM_COUNT':
        return c.scrutineers.length ? { by: actor('scrutineer', s.tag, cyclic(c.scrutineers, pick)) } : {};
      case 'RECORD_ROUND':
        if (!view.ballot) {
          return { votersPresent: 30, ballotsIssued: 30, ballotsReturned: 30, validBallots: 30, invalidBallots: 0, votes: { m04: 20 } };
        }
        break;
      default:
        break;
    }
    const scripted = nextScriptedDecision(
      { ...view, pending: [{ decision: type, roles: DECISION_ROLES[type], optional: false }] },
      s.script,
    );
    if (!scripted) return null;
    const { type: _t, by: _b, ...payload } = scripted;
    return payload;
  };
  const built = { type, by, ...(build() ?? {}) };
  const decision = decisionSchemas[type].safeParse(built).success ? built : { type, by, ...WITHOUT_STATE[type] };
  const parsed = decisionSchemas[type].safeParse(decision);
  if (!parsed.success) throw new Error(`fuzz harness: plausible ${type} is not well-formed: ${parsed.error.message}`);
  return decision;
}

/** Payloads for decisions whose scripted figures come from a stage the village has not reached (no nominees, no one elected). */
const WITHOUT_STATE: Partial<Record<DecisionType, Record<string, unknown>>> = {
  RECORD_INSPECTION: { verdicts: [{ nomineeId: 'm04', pass: true }] },
  APPROVE_SLATE: { candidates: ['m04', 'm05', 'm06'] },
  RECORD_PLENARY: { secretary: 'm01' },
  APPOINT_SCRUTINEERS: { scrutineers: ['m30', 'm31'] },
};

/** A value as the workflow receives it through Temporal's JSON payload converter. */
export const wire = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** The decision that moves the village on: the scripted office's, else a plausible one the state admits. */
export function correctNext(s: Situation, pick: number, admits: (raw: unknown) => boolean): Record<string, unknown> {
  const view = publicView(s.snapshot, { timers: [], decisions: [], refusals: [] });
  const scripted = nextScriptedDecision(view, s.script);
  const tagged = scripted ? { ...scripted, by: { ...scripted.by, name: s.tag } } : null;
  if (tagged && admits(tagged)) return tagged;
  const open = openDecisions(s.snapshot).filter((t) => t !== 'CANCEL');
  const waiting = [...view.pending.filter((p) => !p.optional).map((p) => p.decision), ...open];
  for (const type of waiting) {
    for (let i = 0; i < 3; i += 1) {
      const candidate = plausible(type, s, pick + i);
      if (admits(candidate)) return candidate;
    }
  }
  return tagged ?? plausible(waiting.length ? cyclic(waiting, pick) : 'RECORD_INVESTIGATION', s, pick);
}

type Leaf = { path: (string | number)[]; value: unknown };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const IMPOSSIBLE_DATES = ['2026-02-30', '2026-13-45', '2026-00-10', '2026-04-31'];
/** Lists of people in which each may appear once: a name twice is a person counted twice. */
const DISTINCT_PEOPLE = ['present', 'scrutineers', 'candidates'];

function leavesOf(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (Array.isArray(value) && value.length) return value.flatMap((v, i) => leavesOf(v, [...path, i]));
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
    return Object.entries(value).flatMap(([k, v]) => leavesOf(v, [...path, k]));
  }
  return [{ path, value }];
}

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function setAt(
  root: unknown,
  path: (string | number)[],
  update: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  update(parent, path[path.length - 1]!);
  return copy;
}

/** The decision with one field bent as `bend` says, and the refusal it must meet if any. */
export function bent(decision: Record<string, unknown>, bend: Bend, pick: number): Pick<Send, 'raw' | 'mustRefuse' | 'note'> {
  const all = leavesOf(decision).filter((l) => !(l.path[0] === 'by' && l.path[1] === 'name'));
  const leaf = cyclic(all, pick);
  const where = leaf.path.join('.');
  const numbers = all.filter((l) => typeof l.value === 'number');
  const strings = all.filter((l) => typeof l.value === 'string');
  switch (bend.kind) {
    case 'retype': {
      const options = [bend.value, 'x', 7, true, null, [], {}].filter((v) => kindOf(v) !== kindOf(leaf.value));
      const value = options[0];
      return {
        raw: setAt(decision, leaf.path, (p, k) => (p[k] = value)),
        mustRefuse: ['INVALID_PAYLOAD', 'UNKNOWN_DECISION'],
        note: `${where} retyped to ${JSON.stringify(value)}`,
      };
    }
    case 'number':
    case 'shift': {
      const target = numbers.length ? cyclic(numbers, pick) : null;
      if (!target) return bent(decision, { kind: 'retype', value: -1 }, pick);
      const value = bend.kind === 'number' ? bend.value : (target.value as number) + bend.by;
      const invalid = value < 0 || !Number.isInteger(value);
      return {
        raw: setAt(decision, target.path, (p, k) => (p[k] = value)),
        mustRefuse: invalid ? ['INVALID_PAYLOAD'] : undefined,
        note: `${target.path.join('.')} ${target.value} -> ${value}`,
      };
    }
    case 'string': {
      const target = strings.length ? cyclic(strings, pick) : leaf;
      const field = target.path.join('.');
      if (typeof target.value === 'string' && ISO_DATE.test(target.value)) {
        // A date field gets a date no calendar has: it must be refused whatever the stage.
        const value = cyclic(IMPOSSIBLE_DATES, pick);
        return {
          raw: setAt(decision, target.path, (p, k) => (p[k] = value)),
          mustRefuse: 'any',
          note: `${field} -> impossible date ${value}`,
        };
      }
      return { raw: setAt(decision, target.path, (p, k) => (p[k] = bend.value)), note: `${field} -> ${JSON.stringify(bend.value)}` };
    }
    case 'drop':
      return {
        raw: setAt(decision, leaf.path, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k])),
        note: `${where} dropped`,
      };
    case 'extraKey':
      return { raw: { ...decision, [bend.key]: bend.value ?? 1 }, mustRefuse: ['INVALID_PAYLOAD'], note: `unknown field ${bend.key}` };
    case 'duplicate': {
      const arrays = all.filter((l) => typeof l.path[l.path.length - 1] === 'number');
      if (arrays.length) {
        const target = cyclic(arrays, pick);
        const parentPath = target.path.slice(0, -1);
        const list = String(parentPath[parentPath.length - 1]);
        return {
          raw: setAt(decision, [...parentPath, 0], (p) => (p as unknown as unknown[]).push(target.value)),
          mustRefuse: DISTINCT_PEOPLE.includes(list) ? 'any' : undefined,
          note: `${parentPath.join('.')} gets ${JSON.stringify(target.value)} twice`,
        };
      }
      const records = all.filter((l) => ['votes', 'writeIns'].includes(String(l.path[l.path.length - 2])));
      if (records.length) {
        const target = cyclic(records, pick);
        return {
          raw: setAt(decision, target.path, (p) => (p.m99 = 3)),
          note: `${target.path.slice(0, -1).join('.')} gets the stranger m99`,
        };
      }
      return bent(decision, { kind: 'string', value: 'm99' }, pick);
    }
  }
}

/**
 * Turns a generated move into what is sent, given the village's state: the move decides the shape
 * of the mistake, the state decides which decision it is made on. A decision sent twice at once
 * goes out once as an update and once as `via` says, under two tags.
 */
export function interpret(move: Move, s: Situation, admits: (raw: unknown) => boolean, secondTag: () => string): Send[] {
  const send = { ...interpretOnce(move, s, admits) };
  send.raw = wire(send.raw);
  if (move.kind !== 'twice') return [send];
  const raw = send.raw as { by: Record<string, unknown> };
  const tag = secondTag();
  return [
    { ...send, via: 'update' },
    { ...send, tag, raw: { ...raw, by: { ...raw.by, name: tag } } },
  ];
}

function interpretOnce(move: Move, s: Situation, admits: (raw: unknown) => boolean): Send {
  const base = { kind: move.kind, via: move.via, tag: s.tag };
  const open = openDecisions(s.snapshot);
  switch (move.kind) {
    case 'scripted':
      return { ...base, raw: correctNext(s, move.pick, admits), note: 'the correct next decision' };
    case 'otherApprover': {
      const next = correctNext(s, move.pick, admits);
      const by = next.by as { role: Role; name: string };
      const raw = by.role === 'town-committee' ? { ...next, by: { ...by, id: TOWN_APPROVERS[1]!.id } } : next;
      return { ...base, raw, note: 'the correct next decision from the other listed town approver' };
    }
    case 'bent': {
      const b = bent(correctNext(s, move.pick, admits), move.bend, move.pick);
      return { ...base, ...b };
    }
    case 'wrongStage': {
      const closed = DECISION_TYPES.filter((t) => !open.includes(t) && !ALWAYS_OPEN.includes(t));
      const type = cyclic(closed, move.pick);
      return { ...base, raw: plausible(type, s, move.pick), refuseInState: ['WRONG_STAGE'], note: `${type} at the wrong stage` };
    }
    case 'wrongRole': {
      const next = open.length && move.pick % 2 ? plausible(cyclic(open, move.pick), s, move.pick) : correctNext(s, move.pick, admits);
      const type = next.type as DecisionType;
      const role = cyclic(
        ROLES.filter((r) => !DECISION_ROLES[type].includes(r)),
        move.pick,
      );
      return { ...base, raw: { ...next, by: actor(role, s.tag) }, mustRefuse: ['ROLE_NOT_ALLOWED'], note: `${type} from ${role}` };
    }
    case 'notApprover': {
      const openTc = TC_TYPES.filter((t) => open.includes(t) && t !== 'CANCEL');
      const type = cyclic(openTc.length ? openTc : TC_TYPES, move.pick);
      const raw = { ...plausible(type, s, move.pick), by: actor('town-committee', s.tag, `outsider-${s.tag}`) };
      return {
        ...base,
        raw,
        mustRefuse: ['NOT_AN_APPROVER'],
        note: `${type} from town-committee member outsider-${s.tag}, not on the approver list`,
      };
    }
    case 'junk': {
      const raw = wire(move.junk);
      const type = (raw as { type?: unknown } | null)?.type;
      const wellFormed =
        typeof type === 'string' &&
        DECISION_TYPES.includes(type as DecisionType) &&
        decisionSchemas[type as DecisionType].safeParse(raw).success;
      return { kind: move.kind, via: move.via, raw, mustRefuse: wellFormed ? undefined : 'any', note: 'junk' };
    }
    case 'anyType': {
      const type = cyclic(
        DECISION_TYPES.filter((t) => t !== 'CANCEL'),
        move.pick,
      );
      return { ...base, raw: plausible(type, s, move.pick), note: `a well-formed ${type}` };
    }
    case 'cancel':
      return { ...base, raw: plausible('CANCEL', s, move.pick), note: 'cancellation' };
    case 'twice':
      return { ...base, raw: correctNext(s, move.pick, admits), note: 'the correct next decision, sent by two clerks at once' };
  }
}
