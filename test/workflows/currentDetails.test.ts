import type { ElectionSnapshot } from '../../machines/admission';
import { publicView } from '../../machines/view';
import { currentDetails } from '../../workflows/progress';
import { atStage, driveTo, person, send, type Run } from '../machines/fixtures';

/** The current details of a run, as the workflow sets them from its public view. */
const detailsOf = (run: Run) => currentDetails(run.input, publicView(run.snapshot, { timers: [], decisions: [], refusals: [] }));
const nameOf = (run: Run, id: string) => `${run.input.roster.find((m) => m.id === id)!.name} (${id})`;

const objection = (candidateId: string) => ({
  type: 'FILE_OBJECTION',
  by: person('village-branch'),
  candidateId,
  grounds: 'an undeclared business interest',
  filedBy: 'Li Si of group 3',
});

describe('the current details an operator sees in the Temporal UI', () => {
  it('names the slate and an open objection’s candidate with its status, never who filed it or why', () => {
    let run = driveTo(atStage('publicity', 'open'));
    const [first] = run.snapshot.context.candidates;
    run = send(run, objection(first!));
    const details = detailsOf(run);
    expect(details).toContain(`**Slate** (6 for 5 seats): ${run.snapshot.context.candidates.map((id) => nameOf(run, id)).join(', ')}`);
    expect(details).toContain(`**Open objection:**\n- against ${nameOf(run, first!)}: under investigation`);
    expect(details).toContain('**RECORD_OBJECTION_FINDINGS** from inspection-team');
    expect(details).not.toContain('Li Si');
    expect(details).not.toContain('undeclared business interest');
  });

  it('shows the ballot at the conference with its candidates by name', () => {
    const run = driveTo(atStage('conference', 'awaitingRound'));
    const { candidates } = run.snapshot.context.ballot!;
    expect(detailsOf(run)).toContain(`**Ballot:** committee, round 1 (first), 5 seat(s) among ${nameOf(run, candidates[0]!)}`);
  });

  it('shows the elected committee and the secretary and deputy awaiting the town committee’s approval', () => {
    const run = driveTo(atStage('resultApproval'));
    const c: ElectionSnapshot['context'] = run.snapshot.context;
    const details = detailsOf(run);
    expect(details).toContain(`**Elected committee, awaiting approval:** ${c.elected.map((id) => nameOf(run, id)).join(', ')}`);
    expect(details).toContain(`**Awaiting approval:** secretary ${nameOf(run, c.secretary!)}, deputy ${nameOf(run, c.deputy!)}`);
    expect(details).toContain('**APPROVE_RESULT** from town-committee');
  });

  it('stays short before there is anything to name', () => {
    const run = driveTo(atStage('investigation'));
    const details = detailsOf(run);
    expect(details).not.toContain('Slate');
    expect(details).not.toContain('Elected');
    expect(details.split('\n').length).toBeLessThan(10);
  });
});
