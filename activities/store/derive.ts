import type { Insertable } from 'kysely';
import { decisionSchemas, type DecisionOf } from '../../machines/events';
import type { DecisionInput, OutcomeInput, RecordKey } from '../contract';
import { outcomeFactsSchema } from '../../machines/outcome';
import type {
  BallotRoundsTable,
  BallotTalliesTable,
  ElectedCommitteesTable,
  NewCommitteeMember,
  RecommendationsTable,
  RecommendationTalliesTable,
} from './schema';

/** The steps a record key ends with (`decision/3`, `refusal/1`, `step/7/0`): what follows the workflow id and first run. */
const STEP_KINDS = new Set(['decision', 'refusal', 'step']);

/**
 * Which election a record belongs to. The workflow keys every record `<workflow id>/<first run id>/<step>`, and a
 * workflow id is reused when a cancelled election is started again, so the term is the workflow id with its first
 * run; a key without a run id (older records, hand-written ones) belongs to the workflow id alone.
 */
export function termOf(record: Pick<RecordKey, 'key' | 'workflowId'>): { id: string; firstRunId: string } {
  const prefix = `${record.workflowId}/`;
  const rest = record.key.startsWith(prefix) ? record.key.slice(prefix.length).split('/') : [];
  const firstRunId = rest.length > 1 && !STEP_KINDS.has(rest[0]!) ? rest[0]! : '';
  return { id: firstRunId ? `${record.workflowId}/${firstRunId}` : record.workflowId, firstRunId };
}

/** The decision as its schema reads it, or undefined when the stored payload is not that decision's. */
function parsed<K extends keyof typeof decisionSchemas>(type: K, d: DecisionInput): DecisionOf<K> | undefined {
  if (d.type !== type) return undefined;
  const result = decisionSchemas[type].safeParse({ type: d.type, by: d.by, ...(d.payload as object) });
  return result.success ? (result.data as DecisionOf<K>) : undefined;
}

/** A recommendation round's figures and votes per nominee, from RECORD_MEMBER_RECOMMENDATION or RECORD_MASS_RECOMMENDATION. */
export function recommendationRows(
  d: DecisionInput,
  termId: string,
): { round: Insertable<RecommendationsTable>; tallies: Insertable<RecommendationTalliesTable>[] } | undefined {
  const decision = parsed('RECORD_MEMBER_RECOMMENDATION', d) ?? parsed('RECORD_MASS_RECOMMENDATION', d);
  if (!decision) return undefined;
  const { tally } = decision;
  return {
    round: {
      decision_key: d.key,
      term_id: termId,
      kind: decision.type === 'RECORD_MEMBER_RECOMMENDATION' ? 'party-members' : 'masses',
      participants: tally.participants,
      ballots_issued: tally.ballotsIssued,
      ballots_returned: tally.ballotsReturned,
      at: d.at,
    },
    tallies: Object.entries(tally.votes).map(([nominee, votes]) => ({ decision_key: d.key, nominee_id: nominee, votes })),
  };
}

/**
 * A ballot round's totals and votes per candidate and per written-in name, from RECORD_ROUND. The payload holds
 * the scrutineers' totals only, so nothing derived from it can link a voter to a choice.
 */
export function ballotRoundRows(
  d: DecisionInput,
  termId: string,
  roundNo: number,
): { round: Insertable<BallotRoundsTable>; tallies: Insertable<BallotTalliesTable>[] } | undefined {
  const decision = parsed('RECORD_ROUND', d);
  if (!decision) return undefined;
  const disapproved = new Set(decision.disapprovedCandidates ?? []);
  const tally = (source: 'candidate' | 'write-in', votes: Record<string, number>) =>
    Object.entries(votes).map(([candidate, count]) => ({
      decision_key: d.key,
      source,
      candidate,
      votes: count,
      disapproved: source === 'candidate' && disapproved.has(candidate) ? 1 : 0,
    }));
  // A candidate disapproved on every ballot that names them may have no votes at all: still one row.
  const unvoted = [...disapproved].filter((id) => !(id in decision.votes)).map((id) => [id, 0] as const);
  return {
    round: {
      decision_key: d.key,
      term_id: termId,
      round_no: roundNo,
      decision_seq: d.seq,
      voters_present: decision.votersPresent,
      ballots_issued: decision.ballotsIssued,
      ballots_returned: decision.ballotsReturned,
      valid_ballots: decision.validBallots,
      invalid_ballots: decision.invalidBallots,
      confirmed_by_id: null,
      confirmed_at: null,
      at: d.at,
    },
    tallies: [...tally('candidate', { ...decision.votes, ...Object.fromEntries(unvoted) }), ...tally('write-in', decision.writeIns ?? {})],
  };
}

/** The committee a completed outcome put in office, with each member's post and the attributes the report counts. */
export function committeeRows(
  o: OutcomeInput,
  termId: string,
): { committee: Insertable<ElectedCommitteesTable>; members: NewCommitteeMember[] } | undefined {
  if (o.status !== 'completed') return undefined;
  const facts = outcomeFactsSchema.safeParse(o.facts);
  if (!facts.success || facts.data.elected.length === 0) return undefined;
  const { elected, secretary, deputy } = facts.data;
  const post = (id: string) => (id === secretary ? 'secretary' : id === deputy ? 'deputy' : 'member');
  return {
    committee: {
      term_id: termId,
      outcome_key: o.key,
      town: o.town,
      village: o.village,
      term: o.term,
      seats: facts.data.seats ?? null,
      method: facts.data.method ?? null,
      form: facts.data.form ?? null,
      secretary_id: secretary ?? null,
      deputy_id: deputy ?? null,
      elected_at: o.at,
    },
    members: elected.map((m) => ({
      term_id: termId,
      member_id: m.id,
      member_name: m.name ?? null,
      post: post(m.id),
      gender: m.gender ?? null,
      birth_date: m.birthDate ?? null,
      education: m.education ?? null,
      outgoing_post: m.outgoingPost ?? null,
      village_committee_post: m.villageCommitteePost ?? null,
    })),
  };
}
