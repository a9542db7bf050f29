import { z } from 'zod';
import type { HostEvent } from './hostEvents';
import { actorSchema, type Role } from './roles';
import { excusalSchema, isoDateSchema, plenaryVotesSchema, roundRecordFields, tallyCount, tallySchema, timeOfDaySchema } from './rules';
import { listOf, recordOf, text } from './text';
import type { TimerEventType } from './timers';

const isoDate = isoDateSchema;
const memberId = text('id', 'a member id from the village roster');
const reason = text('text', 'a reason', { min: 2 });
const notes = (what: string) => text('text', what);
const count = z.number().int('a whole number').nonnegative('zero or more');
/** Votes per member id: a tally's or a ballot round's. */
const votesPerMember = (votes: z.ZodType<number>) => recordOf(votes, { kind: 'id', what: 'a member id' }, 'votes per member id');
const members = (what: string, min?: { min: number; minMessage: string }) => listOf(memberId, what, min);

export const electionMethodSchema = z.enum(['two-recommendations-one-election', 'two-recommendations-direct-election']);
export type ElectionMethod = z.infer<typeof electionMethodSchema>;

/** The investigation's assessment of the village (调查摸底). */
export const investigationCategorySchema = z.enum(['good', 'medium', 'poor']);

/** The town committee's ruling on an objection. */
export const objectionRulingSchema = z.enum(['upheld', 'dismissed']);

/** How a decision reached the workflow: the `decide` update, or the `decision` signal. */
export const refusalViaSchema = z.enum(['update', 'signal']);
export type RefusalVia = z.infer<typeof refusalViaSchema>;

/**
 * Every decision or record a person sends: `by` names who and in which role; `at` is stamped
 * by the workflow host (workflow time), whatever the sender put there.
 */
const decision = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), by: actorSchema, at: z.number().optional(), ...shape }).strict();

/** A recommendation tally whose votes are keyed by member ids of this engine's form. */
const tally = tallySchema.extend({ votes: votesPerMember(tallyCount('votes')) });

const seatsShape = {
  seats: z.number().int().min(1, 'at least 1 seat'),
  electsDeputy: z.boolean(),
  method: electionMethodSchema,
};

/** The events people send, one zod schema each (the message contract's payloads). */
export const decisionSchemas = {
  RECORD_INVESTIGATION: decision('RECORD_INVESTIGATION', {
    category: investigationCategorySchema,
    stable: z.boolean(),
    instability: notes('the instability found').optional(),
    representatives: count,
    notes: notes('notes').optional(),
  }),
  PROPOSE_POSTPONEMENT: decision('PROPOSE_POSTPONEMENT', { reason, until: isoDate }),
  APPROVE_POSTPONEMENT: decision('APPROVE_POSTPONEMENT', { until: isoDate.optional() }),
  REFUSE_POSTPONEMENT: decision('REFUSE_POSTPONEMENT', { reason }),
  REPORT_FIT_TO_PROCEED: decision('REPORT_FIT_TO_PROCEED', { findings: reason }),
  SUBMIT_START_REQUEST: decision('SUBMIT_START_REQUEST', seatsShape),
  APPROVE_START: decision('APPROVE_START', seatsShape),
  SEND_BACK_START: decision('SEND_BACK_START', { reason }),
  RECORD_MOBILISATION: decision('RECORD_MOBILISATION', {
    postedOn: isoDate,
    democraticEvaluation: notes('the democratic evaluation').optional(),
  }),
  RECORD_MEMBER_RECOMMENDATION: decision('RECORD_MEMBER_RECOMMENDATION', { tally }),
  RECORD_MASS_RECOMMENDATION: decision('RECORD_MASS_RECOMMENDATION', { tally }),
  RECORD_INSPECTION: decision('RECORD_INSPECTION', {
    verdicts: listOf(z.object({ nomineeId: memberId, pass: z.boolean(), reason: notes('the reason').optional() }).strict(), 'verdicts', {
      min: 1,
      minMessage: 'one verdict per nominee',
    }),
  }),
  APPROVE_SLATE: decision('APPROVE_SLATE', {
    candidates: members('candidates', { min: 1, minMessage: 'at least one candidate' }),
    /** From version 2: candidates approved over the new-member age limit, each with the town committee's reason. */
    ageExceptions: listOf(z.object({ memberId, reason: text('text', 'a reason', { min: 5 }) }).strict(), 'age exceptions').optional(),
  }),
  SEND_BACK_SLATE: decision('SEND_BACK_SLATE', { reason }),
  FILE_OBJECTION: decision('FILE_OBJECTION', { candidateId: memberId, grounds: reason, filedBy: text('name', 'who filed it') }),
  RECORD_OBJECTION_FINDINGS: decision('RECORD_OBJECTION_FINDINGS', { findings: reason }),
  RULE_OBJECTION: decision('RULE_OBJECTION', { ruling: objectionRulingSchema, reason }),
  /** From version 3: the conference is called for a Beijing date and time (24-hour clock) at a place; the notice gives them. */
  CALL_CONFERENCE: decision('CALL_CONFERENCE', {
    date: isoDate,
    time: timeOfDaySchema,
    place: text('text', 'the place of the conference', { min: 2 }),
  }),
  RECORD_ATTENDANCE: decision('RECORD_ATTENDANCE', {
    present: members('members present'),
    excusals: listOf(excusalSchema.extend({ memberId }), 'excusals').default([]),
  }),
  APPOINT_SCRUTINEERS: decision('APPOINT_SCRUTINEERS', {
    scrutineers: members('scrutineers', { min: 2, minMessage: 'at least 2 scrutineers' }),
  }),
  RECORD_ROUND: decision('RECORD_ROUND', {
    votersPresent: count,
    ballotsIssued: count,
    ballotsReturned: count,
    validBallots: count,
    invalidBallots: count,
    votes: votesPerMember(count),
    writeIns: recordOf(count, { kind: 'name', what: 'a written name', personal: true }, 'votes per written name').optional(),
    disapprovedCandidates: members('disapproved candidates').optional(),
    ...roundRecordFields,
  }),
  CONFIRM_COUNT: decision('CONFIRM_COUNT', {}),
  REDUCE_SEATS: decision('REDUCE_SEATS', { votesFor: count }),
  RECORD_PLENARY: decision('RECORD_PLENARY', {
    secretary: memberId,
    deputy: memberId.optional(),
    membersPresent: z.array(memberId).optional(),
    votes: plenaryVotesSchema.optional(),
  }),
  APPROVE_RESULT: decision('APPROVE_RESULT', {}),
  REJECT_RESULT: decision('REJECT_RESULT', { reason }),
  RECORD_HANDOVER: decision('RECORD_HANDOVER', {
    handedOverOn: isoDate,
    talks: listOf(z.object({ memberId, notes: notes('notes') }).strict(), 'talks').default([]),
  }),
  CANCEL: decision('CANCEL', { reason }),
} as const;

export type DecisionType = keyof typeof decisionSchemas;
export const DECISION_TYPES = Object.keys(decisionSchemas) as DecisionType[];

/** The paths of the lists and records in a schema (through optional, default and piped wrappers), for bounds that depend on the village. */
function collectionPaths(schema: z.ZodType, path: string[] = []): string[][] {
  const def = schema._zod.def as {
    type: string;
    innerType?: z.ZodType;
    in?: z.ZodType;
    out?: z.ZodType;
    shape?: Record<string, z.ZodType>;
  };
  if (def.type === 'array' || def.type === 'record' || def.type === 'map') return [path];
  if (def.type === 'object') return Object.entries(def.shape!).flatMap(([key, field]) => collectionPaths(field, [...path, key]));
  if (def.innerType) return collectionPaths(def.innerType, path);
  // A pipe checks its input first (a list's length) or shapes its output (a record's keys): either side may hold the collection.
  if (def.in && def.out) {
    const before = collectionPaths(def.in, path);
    return before.length ? before : collectionPaths(def.out, path);
  }
  return [];
}

/**
 * Every list and per-member record of each decision (candidates, members present, votes per member, ...): none may
 * hold more entries than the village's roster has members, which admission checks against the village's own roster.
 */
export const ROSTER_BOUNDED_FIELDS = Object.fromEntries(
  DECISION_TYPES.map((type) => [type, collectionPaths(decisionSchemas[type])]),
) as Record<DecisionType, string[][]>;

/** Any decision, parsed by its `type`. */
export const decisionEventSchema = z.discriminatedUnion(
  'type',
  Object.values(decisionSchemas) as unknown as [(typeof decisionSchemas)[DecisionType], ...(typeof decisionSchemas)[DecisionType][]],
);
export type DecisionEvent = { [K in DecisionType]: z.infer<(typeof decisionSchemas)[K]> }[DecisionType];
export type DecisionOf<K extends DecisionType> = z.infer<(typeof decisionSchemas)[K]>;

/** Who may send each decision; the machine's single source of permissions. */
export const DECISION_ROLES: Record<DecisionType, readonly Role[]> = {
  RECORD_INVESTIGATION: ['guidance-group'],
  PROPOSE_POSTPONEMENT: ['town-committee'],
  APPROVE_POSTPONEMENT: ['county-org-dept'],
  REFUSE_POSTPONEMENT: ['county-org-dept'],
  REPORT_FIT_TO_PROCEED: ['town-committee'],
  SUBMIT_START_REQUEST: ['village-branch'],
  APPROVE_START: ['town-committee'],
  SEND_BACK_START: ['town-committee'],
  RECORD_MOBILISATION: ['guidance-group', 'village-branch'],
  RECORD_MEMBER_RECOMMENDATION: ['guidance-group'],
  RECORD_MASS_RECOMMENDATION: ['guidance-group'],
  RECORD_INSPECTION: ['inspection-team'],
  APPROVE_SLATE: ['town-committee'],
  SEND_BACK_SLATE: ['town-committee'],
  FILE_OBJECTION: ['guidance-group', 'village-branch', 'town-committee', 'inspection-team'],
  RECORD_OBJECTION_FINDINGS: ['inspection-team'],
  RULE_OBJECTION: ['town-committee'],
  CALL_CONFERENCE: ['guidance-group', 'village-branch'],
  RECORD_ATTENDANCE: ['guidance-group'],
  APPOINT_SCRUTINEERS: ['guidance-group'],
  RECORD_ROUND: ['guidance-group'],
  CONFIRM_COUNT: ['scrutineer'],
  REDUCE_SEATS: ['guidance-group'],
  RECORD_PLENARY: ['guidance-group'],
  APPROVE_RESULT: ['town-committee'],
  REJECT_RESULT: ['town-committee'],
  RECORD_HANDOVER: ['village-branch'],
  CANCEL: ['town-committee'],
};

/** Events only the workflow's own durable timers raise; nobody may send them. */
export { TIMER_EVENT_TYPES, type TimerEventType } from './timers';
export type TimerEvent = { type: TimerEventType; at?: number };

export type { HostEvent };
export type ElectionEvent = DecisionEvent | TimerEvent | HostEvent;
