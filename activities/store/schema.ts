import type { Generated, Insertable, Selectable } from 'kysely';
import type { RefusalVia } from '../../machines/events';
import type { OutcomeStatus } from '../../machines/outcome';
import type { Channel, DeliveryState } from '../delivery';

/**
 * The outcome store's tables as Kysely sees them, the one description both dialects are queried through.
 * Times are ISO-8601 text (workflow time, as the activities receive it): they sort the same on SQLite and
 * PostgreSQL and never pass through a time zone. JSON (payloads, facts) is text for the same reason.
 */
export interface StoreSchema {
  villages: VillagesTable;
  terms: TermsTable;
  decisions: DecisionsTable;
  recommendations: RecommendationsTable;
  recommendation_tallies: RecommendationTalliesTable;
  ballot_rounds: BallotRoundsTable;
  ballot_tallies: BallotTalliesTable;
  elected_committees: ElectedCommitteesTable;
  committee_members: CommitteeMembersTable;
  outcomes: OutcomesTable;
  notices: NoticesTable;
  notice_deliveries: NoticeDeliveriesTable;
  record_conflicts: RecordConflictsTable;
  calendar_notices: CalendarNoticesTable;
  people: PeopleTable;
  assignments: AssignmentsTable;
  town_counties: TownCountiesTable;
  public_keys: PublicKeysTable;
  registry_changes: RegistryChangesTable;
  desk_accounts: DeskAccountsTable;
  desk_sessions: DeskSessionsTable;
  desk_sign_ins: DeskSignInsTable;
  codec_requests: CodecRequestsTable;
  election_facts: ElectionFactsTable;
  printed_papers: PrintedPapersTable;
}

/** A village of a town, known from its first recorded election. */
export interface VillagesTable {
  town: string;
  village: string;
  first_seen_at: string;
}

/**
 * One election of one village (a term): the workflow id with the run that started it, since a workflow id is
 * reused when a cancelled election is started again. `status` follows the latest outcome.
 */
export interface TermsTable {
  id: string;
  workflow_id: string;
  first_run_id: string;
  town: string;
  village: string;
  term: number;
  started_at: string;
  status: 'running' | OutcomeStatus;
  status_at: string;
}

/** The columns of a record an activity writes: its idempotency key (workflow id, first run, step) and its election. */
export interface KeyedRecord {
  key: string;
  term_id: string;
  workflow_id: string;
  town: string;
  village: string;
  term: number;
}

/**
 * Every decision sent to an election, accepted or rejected. Refusals live here too (with `verdict` 'rejected',
 * a `reason_code` and `reason`) because "who decided what, when, and did it count" is one question a town
 * office asks of one list; an accepted decision has the step `seq` and `stage` it was taken at, a refused one
 * does not (it changed nothing) and may lack a well-formed `by`.
 */
export interface DecisionsTable extends KeyedRecord {
  verdict: 'accepted' | 'rejected';
  seq: number | null;
  type: string;
  by_id: string | null;
  by_name: string | null;
  by_role: string | null;
  stage: string | null;
  payload: string | null;
  reason_code: string | null;
  reason: string | null;
  via: RefusalVia | null;
  at: string;
  /** The signed envelope the decision was taken on, as canonical JSON; null without signed decisions and for a refusal. */
  envelope: string | null;
  /** The row's place in its election's hash chain (decisionChain.ts), from 1. */
  chain_pos: number | null;
  /** The hash of the row before it in the chain; null for the first. */
  prev_hash: string | null;
  /** SHA-256 of the row (recordHash). */
  hash: string | null;
}

/** A recommendation round's figures (推荐): by the Party members, or by the masses' representatives. */
export interface RecommendationsTable {
  decision_key: string;
  term_id: string;
  kind: 'party-members' | 'masses';
  participants: number;
  ballots_issued: number;
  ballots_returned: number;
  at: string;
}

/** Votes per nominee in one recommendation round. */
export interface RecommendationTalliesTable {
  decision_key: string;
  nominee_id: string;
  votes: number;
}

/**
 * One ballot round of the Party member conference, as the scrutineers' totals. Ballots are secret: nothing here
 * or in ballot_tallies says which member voted for whom (test/activities/store.test.ts holds the columns to it).
 */
export interface BallotRoundsTable {
  decision_key: string;
  term_id: string;
  round_no: number;
  decision_seq: number;
  voters_present: number;
  ballots_issued: number;
  ballots_returned: number;
  valid_ballots: number;
  invalid_ballots: number;
  confirmed_by_id: string | null;
  confirmed_at: string | null;
  at: string;
}

/** Votes per candidate (or written-in name) in one ballot round; `disapproved` is 1 when any ballot disapproved them. */
export interface BallotTalliesTable {
  decision_key: string;
  source: 'candidate' | 'write-in';
  /** The candidate's member id, or the name written in. */
  candidate: string;
  votes: number;
  disapproved: number;
}

/** The committee a completed election put in office. */
export interface ElectedCommitteesTable {
  term_id: string;
  outcome_key: string;
  town: string;
  village: string;
  term: number;
  seats: number | null;
  method: string | null;
  form: string | null;
  secretary_id: string | null;
  deputy_id: string | null;
  elected_at: string;
}

/** A member of an elected committee with the attributes the town report counts. */
export interface CommitteeMembersTable {
  term_id: string;
  member_id: string;
  member_name: string | null;
  post: 'secretary' | 'deputy' | 'member';
  gender: string | null;
  birth_date: string | null;
  education: string | null;
  outgoing_post: string | null;
  village_committee_post: string | null;
}

/** A village's lasting outcome (completed, postponed, cancelled) with the facts the machine recorded. */
export interface OutcomesTable extends KeyedRecord {
  status: OutcomeStatus;
  facts: string;
  at: string;
}

/** A rendered notice (the outbox): the board's Markdown and HTML, with the facts it was rendered from. */
export interface NoticesTable extends KeyedRecord {
  id: Generated<number>;
  kind: string;
  audience: string;
  title: string;
  markdown: string;
  html: string;
  facts: string;
  at: string;
}

/**
 * One delivery of a notice over a channel to a recipient, keyed by its stable idempotency key. It is stored with its
 * notice, before the first attempt (then `attempts` is 0 and the attempt times are null); see DeliveryState.
 */
export interface NoticeDeliveriesTable {
  idempotency_key: string;
  notice_key: string;
  channel: Channel;
  recipient: string;
  state: DeliveryState;
  attempts: number;
  last_error: string | null;
  first_attempt_at: string | null;
  last_attempt_at: string | null;
  confirmed_at: string | null;
  receipt: string | null;
}

/**
 * A step of an election written with different content by two runs (a Temporal reset): `key` holds the earlier
 * branch's record, `branch_key` (`<key>@<run id>`) the later one's, in `record_table`.
 */
export interface RecordConflictsTable {
  branch_key: string;
  key: string;
  record_table: 'decisions' | 'notices' | 'outcomes';
  term_id: string;
  workflow_id: string;
  run_id: string;
  /** The columns that differ, comma-separated. */
  differences: string;
  at: string;
}

/** A State Council holiday notice an office loaded: one year's validated calendar as JSON (machines/rules/holidays.ts). */
export interface CalendarNoticesTable {
  year: number;
  notice: string;
  loaded_at: string;
}

/** A person of the people registry: whoever may act on an election, or changes the registry. */
export interface PeopleTable {
  id: string;
  name: string;
  contact: string | null;
  created_at: string;
  created_by: string;
}

/**
 * A role a person holds over a county's, a town's or one village's elections, from `valid_from` until `valid_until`
 * (open when null); a revocation marks the row and ends it from `revoked_at` on.
 */
export interface AssignmentsTable {
  id: Generated<number>;
  person_id: string;
  role: string;
  scope: 'county' | 'town' | 'village';
  county: string | null;
  town: string | null;
  village: string | null;
  valid_from: string;
  valid_until: string | null;
  assigned_at: string;
  assigned_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** The county a town belongs to, from `set_at` on: the town's latest row is its county, earlier rows its history. */
export interface TownCountiesTable {
  id: Generated<number>;
  town: string;
  county: string;
  set_at: string;
  set_by: string;
}

/** An Ed25519 public key a person or the approvers' desk signs with; a revocation marks the row. */
export interface PublicKeysTable {
  key_id: string;
  public_key: string;
  owner_person: string | null;
  owner_desk: string | null;
  valid_from: string;
  valid_until: string | null;
  registered_at: string;
  registered_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** One change of the people registry, with who made it and when; `details` is the change as JSON. */
export interface RegistryChangesTable {
  id: Generated<number>;
  at: string;
  by_person: string;
  kind: string;
  subject: string;
  details: string;
}

/**
 * A registered person's account on the approvers' desk: the Argon2id hash of their password (PHC string; null until
 * one is set), their TOTP secret (base32) and whether it is confirmed, the last time step a code was taken at (a code
 * is good once), whether the office's identity provider may sign them in, and the failures that lock it.
 */
export interface DeskAccountsTable {
  person_id: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enrolled: number;
  totp_last_step: number | null;
  oidc_allowed: number;
  failed_attempts: number;
  first_failed_at: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

/** A desk session: keyed by the SHA-256 of its token (the token itself is only in the person's cookie). */
export interface DeskSessionsTable {
  token_hash: string;
  person_id: string;
  csrf: string;
  created_at: string;
  last_seen_at: string;
  /** The absolute end, however active the person is. */
  expires_at: string;
  ended_at: string | null;
  /** Why it ended: signed-out, expired, replaced (a new session after the second factor), locked. */
  end_reason: string | null;
  second_factor: number;
  via: 'password' | 'oidc';
}

/** One line of the sign-in log: a sign-in, a sign-out, a refusal, with the name tried and the client's address. */
export interface DeskSignInsTable {
  id: Generated<number>;
  at: string;
  login: string;
  person_id: string | null;
  event: string;
  client: string | null;
  detail: string | null;
}

/** One request to the codec server: who asked to decode or encode what, and how it was answered (never the content). */
export interface CodecRequestsTable {
  id: Generated<number>;
  at: string;
  person_id: string | null;
  /** decode, encode, or preflight (the browser's CORS check before either). */
  action: string;
  /** decoded, encoded, refused, failed. */
  outcome: string;
  reason: string | null;
  workflow_ids: string;
  payloads: number;
  origin: string | null;
  namespace: string | null;
  client: string | null;
}

/** An election's latest facts (machines/facts.ts ElectionFacts as JSON), from the decision at step `seq`. */
export interface ElectionFactsTable {
  term_id: string;
  seq: number;
  facts: string;
  at: string;
}

/** A printed paper's verification code with what it printed: the paper's kind, election, round and model hash. */
export interface PrintedPapersTable {
  code: string;
  kind: string;
  term_id: string;
  workflow_id: string;
  town: string;
  village: string;
  term: number;
  round: number | null;
  model_hash: string;
  model: string;
  printed_at: string;
  printed_by: string | null;
}

export type RecordConflictRow = Selectable<RecordConflictsTable>;
export type NoticeRow = Selectable<NoticesTable>;
export type TermRow = Selectable<TermsTable>;
export type BallotRoundRow = Selectable<BallotRoundsTable>;
export type BallotTallyRow = Selectable<BallotTalliesTable>;
export type CommitteeMemberRow = Selectable<CommitteeMembersTable>;
export type NewCommitteeMember = Insertable<CommitteeMembersTable>;
