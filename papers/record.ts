import type { OutcomeStore, TermRow } from '../activities/store';
import type { ElectionFacts } from '../machines/facts';
import { PaperRefusal } from './refusal';

/** An accepted decision as the store holds it, the latest branch's at its step, with the key id it was signed with. */
export interface RecordedDecision {
  seq: number;
  type: string;
  byId: string;
  byName: string | null;
  byRole: string;
  stage: string;
  payload: Record<string, unknown>;
  at: string;
  keyId?: string;
}

/** A notice the election posted, with its facts. */
export interface RecordedNotice {
  kind: string;
  at: string;
  facts: Record<string, unknown>;
}

/** Everything the papers of one election are made from: the store's rows, and the facts (stored, or live when asked). */
export interface ElectionRecord {
  election: TermRow;
  facts: ElectionFacts;
  /** Where the facts came from: the store's row (`record`) or the workflow's live query (`live`). */
  factsFrom: 'record' | 'live';
  decisions: RecordedDecision[];
  notices: RecordedNotice[];
}

/** What a caller says when there are no stored facts. */
export const NO_FACTS = 'the record of this election has no facts: recorded before papers existed; print while the workflow is reachable';

const parseObject = (text: string | null): Record<string, unknown> => {
  if (text === null) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** The election a request names, or a refusal naming the village and term. */
export async function findElection(store: OutcomeStore, town: string, village: string, term: number): Promise<TermRow> {
  const election = await store.papers.election(town, village, term);
  if (!election)
    throw new PaperRefusal(
      'village',
      { town, village, term },
      'a village of the town with an election of that term in the outcome store (election list, election report)',
    );
  return election;
}

/**
 * The live facts of an election, for one whose record holds none: the facts themselves, or a way to read them from
 * the workflow, asked only then (undefined when the workflow cannot be read either).
 */
export type LiveFacts = ElectionFacts | ((election: TermRow) => Promise<ElectionFacts | undefined>);

/**
 * Reads the record of an election. The stored facts are used when present; else the live facts the caller gave (a
 * workflow reachable through Temporal); else a refusal, since the roster's names are nowhere else.
 */
export async function readRecord(store: OutcomeStore, election: TermRow, live?: LiveFacts): Promise<ElectionRecord> {
  const stored = await store.papers.facts(election.id);
  const fromWorkflow = stored || live === undefined ? undefined : typeof live === 'function' ? await live(election) : live;
  let facts: ElectionFacts;
  let factsFrom: ElectionRecord['factsFrom'];
  if (stored) {
    facts = JSON.parse(stored.facts) as ElectionFacts;
    factsFrom = 'record';
  } else if (fromWorkflow) {
    facts = fromWorkflow;
    factsFrom = 'live';
  } else {
    throw new PaperRefusal('facts', null, NO_FACTS);
  }
  const rows = await store.papers.decisionRows(election.id);
  // A reset branch writes its step again under another key, later in the chain: the latest write of a step stands.
  const bySeq = new Map<number, RecordedDecision>();
  for (const row of rows) {
    if (row.verdict !== 'accepted' || row.seq === null) continue;
    const envelope = parseObject(row.envelope);
    bySeq.set(Number(row.seq), {
      seq: Number(row.seq),
      type: row.type,
      byId: row.by_id ?? '',
      byName: row.by_name,
      byRole: row.by_role ?? '',
      stage: row.stage ?? '',
      payload: parseObject(row.payload),
      at: row.at,
      ...(typeof envelope.keyId === 'string' ? { keyId: envelope.keyId } : {}),
    });
  }
  const decisions = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const notices = (await store.papers.notices(election.id)).map((n) => ({ kind: n.kind, at: n.at, facts: parseObject(n.facts) }));
  return { election, facts, factsFrom, decisions, notices };
}
