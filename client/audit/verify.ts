import { isDeepStrictEqual } from 'node:util';
import { recordHash, resolveVillageKeyring, type DecisionRow, type OutcomeStore, type TermRow } from '../../activities/store';
import { verifyEnvelope } from '../../machines/envelope';
import { decisionSchemas, DECISION_TYPES, type DecisionType } from '../../machines/events';
import type { VillageKeyring } from '../../machines/keyring';
import { byText } from '../../activities/store/registryRows';

/** A row the audit failed, with every reason found. */
export interface AuditFailure {
  workflowId: string;
  termId: string;
  key: string;
  seq: number | null;
  chainPos: number | null;
  problems: string[];
}

/** What the audit found for one election (a term: a workflow id with its first run). */
export interface ElectionAudit {
  termId: string;
  workflowId: string;
  town: string;
  village: string;
  term: number;
  /** Accepted decisions: `signed` of them verified against their envelopes, `unsigned` taken without one. */
  decisions: number;
  signed: number;
  unsigned: number;
  refusals: number;
  /** The hash of the chain's last row: kept elsewhere, it shows later whether rows were cut off the end or the chain rewritten. */
  head: string | null;
  failures: number;
}

/** The audit of every election of a town or village. */
export interface AuditReport {
  elections: ElectionAudit[];
  failures: AuditFailure[];
}

type KeyringAt = (town: string, village: string, at: string) => Promise<VillageKeyring>;

/**
 * Verifies, from the outcome store alone, every election's hash chain over its rows of `decisions` and every signed
 * decision's envelope: its signature by the key its key id names, against the people registry as it stood when the
 * decision was taken (a key or assignment revoked later still holds; one revoked before does not), for this
 * election, and that the recorded type, payload and `by` are the envelope's. Names every row that fails.
 */
export async function auditDecisions(store: OutcomeStore, filter: { town?: string; village?: string } = {}): Promise<AuditReport> {
  const { terms, rows } = await store.auditTrail(filter);
  const keyrings = new Map<string, Promise<VillageKeyring>>();
  const keyringAt: KeyringAt = (town, village, at) => {
    const cacheKey = JSON.stringify([town, village, at]);
    if (!keyrings.has(cacheKey)) keyrings.set(cacheKey, resolveVillageKeyring(store, { town, village, at }));
    return keyrings.get(cacheKey)!;
  };
  const byTerm = new Map<string, DecisionRow[]>();
  for (const row of rows) byTerm.set(row.term_id, [...(byTerm.get(row.term_id) ?? []), row]);
  const report: AuditReport = { elections: [], failures: [] };
  const ordered = [...terms].sort(
    (a, b) => byText(a.workflow_id, b.workflow_id) || byText(a.started_at, b.started_at) || byText(a.id, b.id),
  );
  for (const term of ordered) {
    const audit = await auditElection(term, byTerm.get(term.id) ?? [], keyringAt);
    report.elections.push(audit.election);
    report.failures.push(...audit.failures);
  }
  return report;
}

async function auditElection(
  term: TermRow,
  rows: DecisionRow[],
  keyringAt: KeyringAt,
): Promise<{ election: ElectionAudit; failures: AuditFailure[] }> {
  const position = (row: DecisionRow) => (row.chain_pos === null ? Number.POSITIVE_INFINITY : Number(row.chain_pos));
  const chain = [...rows].sort((a, b) => position(a) - position(b) || byText(a.key, b.key));
  const election: ElectionAudit = {
    termId: term.id,
    workflowId: term.workflow_id,
    town: term.town,
    village: term.village,
    term: Number(term.term),
    decisions: 0,
    signed: 0,
    unsigned: 0,
    refusals: 0,
    head: null,
    failures: 0,
  };
  const failures: AuditFailure[] = [];
  const signedElection = chain.some((row) => row.verdict === 'accepted' && row.envelope !== null);
  const decisionIds = new Set<string>();
  let expected = 1;
  let before: DecisionRow | undefined;
  for (const row of chain) {
    const problems = linkProblems(row, before, expected);
    if (row.verdict === 'rejected') election.refusals += 1;
    else {
      election.decisions += 1;
      if (row.envelope === null) {
        election.unsigned += 1;
        if (signedElection)
          problems.push('envelope: none, in an election whose other decisions are signed: taken or recorded without a signature');
      } else {
        election.signed += 1;
        problems.push(...(await envelopeProblems(row, keyringAt, decisionIds)));
      }
    }
    if (problems.length)
      failures.push({ workflowId: row.workflow_id, termId: term.id, key: row.key, seq: row.seq, chainPos: row.chain_pos, problems });
    if (row.chain_pos !== null) expected = Number(row.chain_pos) + 1;
    before = row;
  }
  election.head = before?.hash ?? null;
  election.failures = failures.length;
  return { election, failures };
}

/** Whether a row is the chain's next link after `before`: its place, the hash it names as the one before it, its own hash. */
function linkProblems(row: DecisionRow, before: DecisionRow | undefined, expected: number): string[] {
  const problems: string[] = [];
  if (row.chain_pos === null || row.hash === null)
    return ["chain: the row has no place or no hash in its election's chain (written outside the store, or its chain columns cleared)"];
  const pos = Number(row.chain_pos);
  if (pos > expected) {
    const missing = pos - expected;
    problems.push(
      `chain: position ${pos} follows ${expected - 1}: ${missing === 1 ? `the row at position ${expected} is` : `the ${missing} rows at positions ${expected}-${pos - 1} are`} missing (deleted)`,
    );
  } else if (pos < expected) problems.push(`chain: position ${pos} is taken twice`);
  else if (row.prev_hash !== (before?.hash ?? null)) {
    problems.push(
      `chain: prev_hash ${row.prev_hash ?? 'null'} is not the hash of the row before it (${before?.hash ?? 'null, as for the first row'}): the row before it was replaced, or this one moved`,
    );
  }
  if (recordHash(row) !== row.hash) problems.push('hash: does not match the row as stored: the row was changed after it was written');
  return problems;
}

/** What is wrong with a signed decision's row: its envelope, checked as the election checked it when it took it, and the record against it. */
async function envelopeProblems(row: DecisionRow, keyringAt: KeyringAt, decisionIds: Set<string>): Promise<string[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(row.envelope!);
  } catch (err) {
    return [`envelope: not JSON (${(err as Error).message})`];
  }
  let keyring: VillageKeyring;
  try {
    keyring = await keyringAt(row.town, row.village, row.at);
  } catch (err) {
    return [`keyring: the registry gives none for ${row.village} (${row.town}) at ${row.at} (${(err as Error).message})`];
  }
  // A reset branch's record (`<key>@<run id>`) may take again a decision of the branch it replaced.
  const branch = row.key.includes('@');
  const verified = verifyEnvelope(raw, {
    workflowId: row.workflow_id,
    now: Date.parse(row.at),
    keyring,
    decisionIdsUsed: (id) => !branch && decisionIds.has(id),
  });
  if (!verified.ok) return [`envelope: ${verified.code}: ${verified.reason}`];
  decisionIds.add(verified.decisionId);
  const problems: string[] = [];
  const { by } = verified.event;
  if (row.type !== verified.event.type) problems.push(`type: recorded ${row.type}, signed ${verified.event.type}`);
  if (row.by_id !== by.id || row.by_role !== by.role || row.by_name !== (by.name ?? null)) {
    problems.push(
      `by: recorded ${row.by_id} (${row.by_role}, ${row.by_name}), signed by ${by.id} (${by.role}, ${by.name}) with key ${verified.keyId}`,
    );
  }
  if (!samePayload(row, verified.event)) problems.push("payload: not the signed envelope's decision");
  return problems;
}

/** Whether the recorded payload is the signed decision as the election's schema reads it (names trimmed, text in NFC). */
function samePayload(row: DecisionRow, event: { type: string }): boolean {
  if (!(DECISION_TYPES as string[]).includes(event.type) || row.payload === null) return false;
  const parsed = decisionSchemas[event.type as DecisionType].safeParse({ ...event, at: Date.parse(row.at) });
  if (!parsed.success) return false;
  const { type: _type, by: _by, at: _at, ...payload } = parsed.data as Record<string, unknown>;
  try {
    return isDeepStrictEqual(JSON.parse(row.payload), JSON.parse(JSON.stringify(payload)));
  } catch {
    return false;
  }
}
