import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HISTORY_DIR } from '../support/election';
import { workflowBundle } from '../support/temporal';

const files = readdirSync(HISTORY_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('replay of captured village histories', () => {
  it('has histories of every path the workflow tests take, notice deliveries included', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'happy-path.json',
        'postponement-resumed.json',
        'objection-upheld.json',
        'quorum-failed.json',
        'void-round.json',
        'shortfall-round.json',
        'cancelled.json',
        'refused-signals.json',
        'notices-off-critical-path.json',
        'notice-delivery-retried.json',
        'notice-delivery-refused.json',
      ]),
    );
  });

  it.each(files)('replays %s with the current machine and workflow without nondeterminism', async (file) => {
    const history = JSON.parse(readFileSync(join(HISTORY_DIR, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, file)).resolves.toBeUndefined();
  });
});
