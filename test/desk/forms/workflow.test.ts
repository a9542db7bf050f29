import type { WorkflowHandle } from '@temporalio/client';
import { formValues, readDecisionForm, refusalErrors, renderDecisionFields } from '../../../desk/forms';
import { translator } from '../../../desk/i18n';
import { nextScriptedDecision } from '../../../client/demo/townOffice';
import type { DecisionEvent, DecisionType } from '../../../machines/events';
import { factsQuery } from '../../../workflows/contract';
import { decide, person, scriptFor, startVillage, status, useElectionWorker, villageInput } from '../../support/election';
import { bodyMisfits, controlsOf } from './support';

const env = useElectionWorker();
const tr = translator('zh');

/**
 * One decision as the desk makes it: the village's facts and view read from the workflow's queries, the form rendered
 * for them, filled with the scripted office's choices, read back into the payload, and sent as the decide update.
 */
async function decideThroughForm(handle: WorkflowHandle, decision: DecisionEvent): Promise<void> {
  const [facts, view] = await Promise.all([handle.query(factsQuery), status(handle)]);
  const { by, type, ...fields } = decision;
  const body = formValues(type, fields as never, facts);
  const markup = renderDecisionFields({ type, role: by.role, facts, view, tr, locale: 'zh' }).toString();
  expect(bodyMisfits(markup, body)).toEqual([]);
  const read = readDecisionForm(type, body, facts, { tr });
  if (!read.ok) throw new Error(`${type}: ${JSON.stringify(read.errors)}`);
  await decide(handle, { ...read.decision, by });
}

describe('a village driven through the desk forms on the Temporal dev server', () => {
  it('goes from the investigation to the handover with every decision read from its form', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    const script = scriptFor(input);
    const types = new Set<DecisionType>();
    const deadline = Date.now() + 90_000;
    for (let view = await status(handle); view.status === 'running'; view = await status(handle)) {
      if (Date.now() > deadline) throw new Error(`stuck at ${view.stage}/${view.step ?? ''}`);
      const decision = nextScriptedDecision(view, script);
      if (!decision) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      types.add(decision.type);
      await decideThroughForm(handle, decision);
    }
    const [view, facts] = await Promise.all([status(handle), handle.query(factsQuery)]);
    expect(view.stage).toBe('completed');
    expect(facts.elected).toHaveLength(5);
    expect(types.size).toBeGreaterThanOrEqual(14);
  }, 120_000);

  it('shows the workflow’s refusal of a round beside the field it names, with the figures typed filled in again', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    const script = scriptFor(input);
    for (let view = await status(handle); view.step !== 'awaitingRound'; view = await status(handle)) {
      const decision = nextScriptedDecision(view, script);
      if (decision) await decideThroughForm(handle, decision);
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [facts, view] = await Promise.all([handle.query(factsQuery), status(handle)]);
    const round = nextScriptedDecision(view, script) as DecisionEvent & { type: 'RECORD_ROUND' };
    const { by: _by, type: _type, ...fields } = round;
    // As if the count was sent another way than the desk's form, which would have refused it: one ballot too many invalid.
    const body = formValues('RECORD_ROUND', { ...fields, invalidBallots: 1 }, facts);
    const refused = await decide(handle, { ...round, invalidBallots: 1, by: person('guidance-group') }).then(
      () => undefined,
      (err: { cause?: { message?: string } }) => err.cause?.message ?? '',
    );
    expect(refused).toContain('invalid 1');
    const errors = refusalErrors(refused!, 'RECORD_ROUND', tr);
    expect(errors).toEqual([{ field: 'validBallots', message: expect.stringMatching(/^工作流程拒绝：/) }]);
    const markup = renderDecisionFields({
      type: 'RECORD_ROUND',
      role: 'guidance-group',
      facts,
      view,
      tr,
      locale: 'zh',
      values: body,
      errors,
    }).toString();
    expect(markup).toMatch(/<a href="#f-validBallots">工作流程拒绝：/);
    expect(markup).toMatch(/id="f-validBallots"[^>]*aria-invalid="true"/);
    const controls = controlsOf(markup);
    for (const id of facts.ballot!.candidates) {
      expect(controls.find((c) => c.attrs.name === `votes.${id}`)?.attrs.value).toBe(String(round.votes[id]));
    }
    expect((await status(handle)).step).toBe('awaitingRound');
  }, 120_000);
});
