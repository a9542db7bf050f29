import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DECISION_TYPES } from '../../machines/events';
import { votingMembers } from '../../machines/rules';
import { RULES } from '../../machines/rules/catalogue';
import { admit } from '../../machines/admission';
import { atStage, confirmCount, driveTo, fire, input, LUOKOU, person, rounds, send, start, type Run } from './fixtures';

/**
 * The catalogue (the source of docs/rules.md) against the live path, by spies: every exported function of
 * machines/rules is watched while the machine and admission go through every decision type on every path.
 * A rule is a function that answers with a verdict; the verdict builders themselves are not rules.
 */
const RULES_FOLDER = join(__dirname, '../../machines/rules');
const NOT_RULES = new Set(['index.ts', 'verdict.ts', 'catalogue.ts', 'rulesDoc.ts']);

interface Watched {
  calls: number;
  answeredWithVerdict: boolean;
}

const isVerdict = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  ((typeof (value as { ok?: unknown }).ok === 'boolean' && typeof (value as { code?: unknown }).code === 'string') ||
    isVerdict((value as { verdict?: unknown }).verdict));

function watchRules(): Map<string, Watched> {
  const watched = new Map<string, Watched>();
  for (const file of readdirSync(RULES_FOLDER).filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the spies replace each rule module's exports, which needs the CommonJS module object
    const module = require(join(RULES_FOLDER, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (typeof value !== 'function') continue;
      const original = value as (...args: unknown[]) => unknown;
      const entry: Watched = { calls: 0, answeredWithVerdict: false };
      watched.set(name, entry);
      jest.spyOn(module, name as never).mockImplementation(((...args: unknown[]) => {
        const result = original(...args);
        entry.calls += 1;
        entry.answeredWithVerdict ||= isVerdict(result);
        return result;
      }) as never);
    }
  }
  return watched;
}

const town = person('town-committee');
const county = person('county-org-dept');
const guidance = person('guidance-group');
const inspectionTeam = person('inspection-team');

/**
 * Every decision type and side path: postponement refused and granted, send-backs, an upheld objection, a seat
 * reduction, a rejected result; on the rules of `machineVersion` (version 2 with the town plan's real periods).
 */
function sidePaths(machineVersion = 1): Run {
  let run = start(machineVersion === 1 ? input({ machineVersion }) : input({ machineVersion, plan: {} }));
  run = send(run, {
    type: 'RECORD_INVESTIGATION',
    by: guidance,
    category: 'poor',
    stable: false,
    instability: 'a land dispute',
    representatives: 24,
  });
  const propose = { type: 'PROPOSE_POSTPONEMENT', by: town, reason: 'a land dispute divides the branch', until: '2027-06-30' };
  run = send(run, propose);
  run = send(run, { type: 'REFUSE_POSTPONEMENT', by: county, reason: 'the village can proceed now' });
  run = send(send(run, propose), { type: 'APPROVE_POSTPONEMENT', by: county });
  run = fire(fire(run, 'postponementReminder'), 'postponementDeadline');
  run = send(run, { type: 'REPORT_FIT_TO_PROCEED', by: town, findings: 'the dispute was settled by mediation' });
  run = driveTo(atStage('startApproval'), { from: run });
  run = fire(fire(run, 'approvalReminder'), 'approvalEscalation');
  run = send(run, { type: 'SEND_BACK_START', by: town, reason: 'five seats are too many' });
  run = driveTo(atStage('slateApproval'), { from: run });
  run = send(run, { type: 'SEND_BACK_SLATE', by: town, reason: 'reconsider the slate' });
  run = driveTo(atStage('publicity', 'open'), { from: run });
  const candidateId = run.snapshot.context.candidates[0]!;
  run = send(run, {
    type: 'FILE_OBJECTION',
    by: person('village-branch'),
    candidateId,
    grounds: 'an undeclared business interest',
    filedBy: 'a villager',
  });
  run = send(run, { type: 'RECORD_OBJECTION_FINDINGS', by: inspectionTeam, findings: 'the grounds were checked with the bank' });
  run = send(run, { type: 'RULE_OBJECTION', by: town, ruling: 'upheld', reason: 'the interest was not declared' });
  run = driveTo(atStage('conference', 'awaitingRound'), { from: run });
  run = send(send(run, rounds.short(run.snapshot, 1)), confirmCount(run.snapshot));
  run = send(run, { type: 'REDUCE_SEATS', by: guidance, votesFor: run.snapshot.context.attendance!.present.length });
  run = driveTo(atStage('resultApproval'), { from: run });
  run = send(run, { type: 'REJECT_RESULT', by: town, reason: 'the deputy has not served a full year' });
  return driveTo((s) => s.status === 'done', { from: run });
}

function cancelled(): Run {
  return send(start(input()), { type: 'CANCEL', by: town, reason: 'the village was merged into an urban community' });
}

describe('the rule catalogue', () => {
  const watched = watchRules();
  const runs = [
    sidePaths(),
    sidePaths(2),
    driveTo((s) => s.status === 'done', { input: input({}, { village: LUOKOU }) }),
    driveTo((s) => s.status === 'done', { input: input({}, { members: 8 }) }),
    cancelled(),
  ];
  // A refusal goes through the same rule as an acceptance.
  const refused = admit(driveTo(atStage('conference', 'scrutineers')).snapshot, {
    type: 'APPOINT_SCRUTINEERS',
    by: guidance,
    scrutineers: votingMembers(runs[0]!.input.roster)
      .slice(-2)
      .map((m) => `${m.id}-absent`),
  });
  afterAll(() => jest.restoreAllMocks());

  it('is checked on runs that make every decision type', () => {
    const made = new Set(runs.flatMap((run) => run.events.map((e) => e.type)));
    expect(DECISION_TYPES.filter((type) => !made.has(type))).toEqual([]);
    expect(refused.ok).toBe(false);
  });

  it('names only functions the election calls', () => {
    const named = [...new Set(RULES.flatMap((rule) => rule.checks.map((check) => check.name)))];
    expect(named.filter((name) => !watched.get(name)?.calls)).toEqual([]);
  });

  it('holds every rule the election calls', () => {
    const catalogued = new Set(RULES.flatMap((rule) => rule.checks.map((check) => check.name)));
    const rules = [...watched.entries()].filter(([, w]) => w.calls > 0 && w.answeredWithVerdict).map(([name]) => name);
    expect(rules.filter((name) => !catalogued.has(name))).toEqual([]);
  });
});
