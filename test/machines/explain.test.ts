import type { ElectionSnapshot } from '../../machines/admission';
import type { DecisionEvent } from '../../machines/events';
import { explainDecision, ID_SEPARATOR, withRecentExplanations, type Explanation } from '../../machines/explain';
import type { DecisionRecord } from '../../machines/view';
import { votingMembers } from '../../machines/rules';
import { atStage, confirmCount, driveTo, input, LUOKOU, person, rounds, send, stamped, type Run } from './fixtures';

const town = person('town-committee');
const guidance = person('guidance-group');

/** Sends a decision and explains it as the workflow does: from the snapshot before, the decision admitted, the snapshot after. */
function explained(run: Run, decision: Record<string, unknown>): { run: Run; why: Explanation[] } {
  const next = send(run, decision);
  return { run: next, why: explainDecision(run.snapshot, stamped(decision) as DecisionEvent, next.snapshot) };
}

const keys = (why: Explanation[]) => why.map((e) => e.key);
const voters = (snapshot: ElectionSnapshot) => votingMembers(snapshot.context.roster).map((m) => m.id);

const objection = (candidateId: string) => ({
  type: 'FILE_OBJECTION',
  by: person('village-branch'),
  candidateId,
  grounds: 'an undeclared business interest',
  filedBy: 'a villager of group 3',
});
const findings = { type: 'RECORD_OBJECTION_FINDINGS', by: person('inspection-team'), findings: 'the grounds were checked with the bank' };
const ruling = (verdict: 'upheld' | 'dismissed') => ({
  type: 'RULE_OBJECTION',
  by: town,
  ruling: verdict,
  reason: `the objection is ${verdict}`,
});

describe('why a decision led where it did', () => {
  it('says the quorum failed with the members present, those due and the four fifths to beat, and that the conference is called again', () => {
    const run = driveTo(atStage('conference', 'attendance'));
    const all = voters(run.snapshot);
    const present = all.slice(0, Math.floor((all.length * 4) / 5));
    const { why } = explained(run, { type: 'RECORD_ATTENDANCE', by: guidance, present });
    expect(why[0]).toEqual({
      key: 'explain.quorumNotMet',
      params: { present: present.length, due: all.length, fourFifths: String((all.length * 4) / 5), failures: 1 },
    });
    expect(keys(why)).toEqual(['explain.quorumNotMet', 'explain.conferenceToBeCalled', 'explain.nowAt']);
    expect(why.at(-1)!.params).toEqual({ stage: 'conferenceNotice', roles: 'guidance-group\nvillage-branch' });
  });

  it('says the quorum was met, and that the scrutineers are awaited from the guidance group', () => {
    const run = driveTo(atStage('conference', 'attendance'));
    const { why } = explained(run, { type: 'RECORD_ATTENDANCE', by: guidance, present: voters(run.snapshot) });
    expect(why[0]).toMatchObject({ key: 'explain.quorumMet', params: { present: 36, due: 36 } });
  });

  it('says a recorded round awaits the scrutineers’ confirmation (or a corrected record)', () => {
    const run = driveTo(atStage('conference', 'awaitingRound'));
    const { why } = explained(run, rounds.electing(run.snapshot));
    expect(why).toEqual([
      { key: 'explain.roundRecorded', params: { kind: 'committee', round: 1, scrutineers: run.snapshot.context.scrutineers.length } },
      { key: 'explain.nowAt', params: { stage: 'conference', roles: ['guidance-group', 'scrutineer'].join(ID_SEPARATOR) } },
    ]);
  });

  it('names who a round elected with their votes, and the seats still empty that another round fills', () => {
    let run = driveTo(atStage('conference', 'awaitingRound'));
    const { candidates, seats } = run.snapshot.context.ballot!;
    run = send(run, rounds.short(run.snapshot, 2));
    const { why } = explained(run, confirmCount(run.snapshot));
    const due = run.snapshot.context.attendance!.due;
    expect(why[0]).toEqual({
      key: 'explain.roundCounted',
      params: { kind: 'committee', round: 1, seats, votesNeeded: Math.floor(due / 2) + 1 },
    });
    const elected = why.filter((e) => e.key === 'explain.memberElected');
    expect(elected.map((e) => e.params.memberId).sort()).toEqual(candidates.slice(0, 3).sort());
    expect(elected.every((e) => e.params.votes === run.snapshot.context.attendance!.present.length - 1)).toBe(true);
    expect(why).toContainEqual({ key: 'explain.roundShortfall', params: { shortfall: 2, seats, candidates: candidates.length - 3 } });
    expect(keys(why)).toContain('explain.seatsMayBeReduced');
  });

  it('names those tied on the last seat and the tie-break round among them', () => {
    let run = driveTo(atStage('conference', 'awaitingRound'));
    const { candidates } = run.snapshot.context.ballot!;
    run = send(run, rounds.tieOnLastSeat(run.snapshot));
    const { why } = explained(run, confirmCount(run.snapshot));
    const tie = why.find((e) => e.key === 'explain.roundTie')!;
    expect(String(tie.params.tiedIds).split(ID_SEPARATOR)).toEqual([candidates[4], candidates[5]].sort());
    expect(tie.params).toMatchObject({ tied: 2, seats: 1 });
  });

  it('says a void round is held again, with the ballots returned and issued', () => {
    let run = driveTo(atStage('conference', 'awaitingRound'));
    run = send(run, rounds.void(run.snapshot));
    const present = run.snapshot.context.attendance!.present.length;
    const { why } = explained(run, confirmCount(run.snapshot));
    expect(why).toEqual([
      { key: 'explain.roundVoid', params: { kind: 'committee', round: 1, returned: present + 1, issued: present } },
      { key: 'explain.nowAt', params: { stage: 'conference', roles: 'guidance-group' } },
    ]);
  });

  it('gives the slate approved with its candidates, seats and the candidates the ratio needs, then the publicity', () => {
    const run = driveTo(atStage('slateApproval'));
    const candidates = run.snapshot.context.inspectionPassed.slice(0, 6);
    const { why } = explained(run, { type: 'APPROVE_SLATE', by: town, candidates });
    expect(why).toEqual([
      { key: 'explain.slateApproved', params: { candidates: 6, seats: 5, needed: 6 } },
      { key: 'explain.nowAtNobody', params: { stage: 'publicity' } },
    ]);
  });

  it('says an objection pauses the publicity, and never who filed it', () => {
    const run = driveTo(atStage('publicity', 'open'));
    const [first] = run.snapshot.context.candidates;
    const { why } = explained(run, objection(first!));
    expect(keys(why)).toEqual(['explain.objectionFiled', 'explain.publicityPaused', 'explain.nowAt']);
    expect(JSON.stringify(why)).not.toContain('a villager of group 3');
  });

  it('says an upheld objection took the candidate off a slate that then broke the ratio, so it goes back to inspection', () => {
    let run = driveTo(atStage('publicity', 'open'));
    const [first] = run.snapshot.context.candidates;
    run = send(send(run, objection(first!)), findings);
    const { why } = explained(run, ruling('upheld'));
    expect(why).toEqual([
      { key: 'explain.objectionUpheld', params: { candidateId: first } },
      { key: 'explain.slateRatioBroken', params: { candidates: 5, seats: 5, needed: 6 } },
      { key: 'explain.nowAt', params: { stage: 'inspection', roles: 'inspection-team' } },
    ]);
  });

  it('says a dismissed objection lets the publicity resume', () => {
    let run = driveTo(atStage('publicity', 'open'));
    const [first] = run.snapshot.context.candidates;
    run = send(send(run, objection(first!)), findings);
    const { why } = explained(run, ruling('dismissed'));
    expect(keys(why)).toEqual(['explain.objectionDismissed', 'explain.publicityResumes', 'explain.nowAtNobody']);
  });

  it('says an objection filed while another is investigated waits its turn', () => {
    let run = driveTo(atStage('publicity', 'open'));
    const [first, second] = run.snapshot.context.candidates;
    run = send(run, objection(first!));
    const { why } = explained(run, objection(second!));
    expect(why).toEqual([{ key: 'explain.objectionQueued', params: { candidateId: second, waiting: 1 } }]);
  });

  it('says the secretary ballot opens once the committee is elected, where the conference elects the secretary', () => {
    let run = driveTo(atStage('conference', 'awaitingRound'), { input: input({}, { village: LUOKOU }) });
    run = send(run, rounds.electing(run.snapshot));
    const { why, run: after } = explained(run, confirmCount(run.snapshot));
    expect(why).toContainEqual({
      key: 'explain.ballotOpened',
      params: { kind: 'secretary', seats: 1, candidates: after.snapshot.context.ballot!.candidates.length },
    });
  });

  it('says a rejected result of a directly elected secretary calls the conference again', () => {
    const run = driveTo(atStage('resultApproval'), { input: input({}, { village: LUOKOU }) });
    const { why } = explained(run, { type: 'REJECT_RESULT', by: town, reason: 'the deputy has not served a full year' });
    expect(keys(why)).toEqual(['explain.resultRejected', 'explain.conferenceToBeCalled', 'explain.nowAt']);
  });

  it('gives the sent-back reason, cut short when long', () => {
    const run = driveTo(atStage('slateApproval'));
    const { why } = explained(run, { type: 'SEND_BACK_SLATE', by: town, reason: 'x'.repeat(500) });
    expect(why[0]!.key).toBe('explain.slateSentBack');
    expect(String(why[0]!.params.reason).length).toBeLessThanOrEqual(160);
    expect(why[1]).toEqual({ key: 'explain.nowAt', params: { stage: 'inspection', roles: 'inspection-team' } });
  });

  it('says a postponement is approved until its date', () => {
    const run = driveTo(atStage('investigation'));
    const proposed = send(run, { type: 'PROPOSE_POSTPONEMENT', by: town, reason: 'two clans contest the branch', until: '2027-06-30' });
    const { why } = explained(proposed, { type: 'APPROVE_POSTPONEMENT', by: person('county-org-dept') });
    expect(why[0]).toEqual({ key: 'explain.postponementApproved', params: { until: '2027-06-30' } });
  });

  it('says the election completed, and the cancellation with its reason', () => {
    const handover = driveTo(atStage('handover'));
    const done = explained(handover, { type: 'RECORD_HANDOVER', by: person('village-branch'), handedOverOn: '2026-12-20' });
    expect(keys(done.why)).toEqual(['explain.completed']);

    const started = driveTo(atStage('mobilisation'), { input: input() });
    const cancelled = explained(started, { type: 'CANCEL', by: town, reason: 'the village was merged' });
    expect(cancelled.why).toEqual([{ key: 'explain.cancelled', params: { reason: 'the village was merged' } }]);
  });
});

describe('what followed, carried at continue-as-new', () => {
  const record = (seq: number): DecisionRecord => ({
    seq,
    type: 'CONFIRM_COUNT',
    by: person('scrutineer'),
    at: '2026-11-24T00:00:00.000Z',
    stage: 'conference',
    summary: '{}',
    followed: [{ key: 'explain.conferenceCalledAgain', params: {} }],
  });

  it('keeps what followed only on the latest records, and every record with its summary', () => {
    const carried = withRecentExplanations([1, 2, 3, 4, 5].map(record), 2);
    expect(carried.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(carried.map((r) => r.followed !== undefined)).toEqual([false, false, false, true, true]);
    expect(carried[0]).not.toHaveProperty('followed');
    expect(carried[0]!.summary).toBe('{}');
  });
});
