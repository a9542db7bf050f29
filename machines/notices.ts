import { z } from 'zod';
import type { ElectionContext } from './context';
import { electionMethodSchema, objectionRulingSchema } from './events';
import { ROLES, roleSchema } from './roles';

/** Who a notice is for: a role, the village affairs board, or every voting member. */
export const audienceSchema = z.enum([...ROLES, 'village-board', 'voting-members']);
export type Audience = z.infer<typeof audienceSchema>;

/** The election every notice belongs to; the machine puts it in each notice's facts. */
const election = { town: z.string(), village: z.string(), term: z.number().int() };
const names = z.array(z.string());
const committeeResult = { committee: names, secretary: z.string().optional(), deputy: z.string().optional() };

/**
 * The facts of each notice kind, in the order the notices usually appear: what the machine's `notify` writes
 * and the notice renderer reads. Facts a notice can go without are optional (the renderer says "not given").
 */
export const noticeFactsSchemas = {
  'start-approved': z.object({ ...election, seats: z.number().int() }),
  'start-sent-back': z.object({ ...election, reason: z.string() }),
  'mobilisation-posting': z.object({
    ...election,
    seats: z.number().int().optional(),
    electsDeputy: z.boolean().optional(),
    method: electionMethodSchema,
    members: names,
  }),
  'recommendation-meeting': z.object(election),
  /**
   * `from` and `until` date the publicity period when a sender knows it (Beijing dates, the first and last day
   * counted); `provisional` says why `until` may move (a year without a State Council holiday notice).
   */
  'candidate-publicity': z.object({
    ...election,
    candidates: names,
    from: z.string().optional(),
    until: z.string().optional(),
    provisional: z.string().optional(),
  }),
  /** `candidate` is the candidate's name (a member id in notices of releases before issue #17). */
  'objection-received': z.object({ ...election, candidate: z.string() }),
  /** `candidate`: the name of the candidate the objection was against (absent from notices before issue #17). */
  'objection-ruling': z.object({ ...election, ruling: objectionRulingSchema, reason: z.string(), candidate: z.string().optional() }),
  /** `date` (Beijing), `time` (HH:MM, Beijing) and `place` from version 3, where the conference is called with them. */
  'conference-notice': z.object({
    ...election,
    members: z.number().int(),
    leadDays: z.number().int(),
    renotice: z.boolean(),
    /** Whose majority elects: the members due to attend (the 2020 Regulations, version 2 on) or those present (version 1). */
    majorityOf: z.enum(['due', 'present']).optional(),
    date: z.string().optional(),
    time: z.string().optional(),
    place: z.string().optional(),
  }),
  'quorum-failed': z.object(election),
  'results-announcement': z.object({ ...election, ...committeeResult }),
  'result-filing': z.object({ ...election, ...committeeResult }),
  'approval-reminder': z.object(election),
  'approval-escalation': z.object({ ...election, awaiting: roleSchema }),
  'postponement-granted': z.object({ ...election, until: z.string().optional() }),
  'postponement-reminder': z.object({ ...election, until: z.string().optional() }),
  'postponement-overdue': z.object({ ...election, until: z.string().optional() }),
  'election-cancelled': z.object({ ...election, reason: z.string().optional() }),
} as const;

export type NoticeKind = keyof typeof noticeFactsSchemas;
/** The notices the election posts or sends, in the order they usually appear. */
export const NOTICE_KINDS = Object.keys(noticeFactsSchemas) as NoticeKind[];

/** The facts of one notice kind. */
export type NoticeFactsOf<K extends NoticeKind> = z.infer<(typeof noticeFactsSchemas)[K]>;

/**
 * What the machine asks the host to send, one shape per notice kind; the notice activity renders and stores it.
 * The machine writes every fact of its kind ({@link notice}); a reader may meet an older or hand-made notice
 * with facts missing, and says "not given" for them.
 */
export type NoticeParams = { [K in NoticeKind]: { kind: K; audience: Audience; facts: Partial<NoticeFactsOf<K>> } }[NoticeKind];

/** A notice of `kind` to `audience` about this village's election, with the facts the kind needs. */
export function notice<K extends NoticeKind>(
  kind: K,
  audience: Audience,
  context: ElectionContext,
  facts: Omit<NoticeFactsOf<K>, 'town' | 'village' | 'term'>,
): NoticeParams {
  return { kind, audience, facts: { town: context.town, village: context.village, term: context.term, ...facts } };
}
