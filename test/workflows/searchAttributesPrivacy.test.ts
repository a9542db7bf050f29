import { defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { startElection } from '../../client/commands/start';
import { electionInputSchema, type ElectionInputRaw } from '../../machines/input';
import type { Member } from '../../machines/rules';
import { SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { decide, driveUntil, person, scriptFor, useElectionWorker, villageInput } from '../support/election';

const env = useElectionWorker();

/** What the server itself indexes (the worker's build ids, Temporal's own): not the election's to choose, still checked for personal values. */
const SERVER_ATTRIBUTES = /^(Temporal|BuildIds$)/;

/** The values of a roster member that are about the person: everything but the id the election knows them by. */
const PERSONAL_FIELDS = ['name', 'pinyin', 'gender', 'birthDate', 'joinedParty', 'standing', 'education', 'fullMemberSince'] as const;

/** A village whose roster holds one member under detention (suspended) and one with a date of full membership, and named approvers. */
function villageWithPersonalData(): ElectionInputRaw {
  const input = villageInput({}, 300);
  const roster = (input.roster as Member[]).map((m, i) =>
    i === 7
      ? { ...m, name: '乔守义', pinyin: 'Qiao Shouyi', standing: 'suspended' as const }
      : i === 8
        ? { ...m, fullMemberSince: `${Number(m.joinedParty.slice(0, 4)) + 1}-08-17` }
        : m,
  );
  return { ...input, roster, approvers: { 'town-committee': [{ id: person('town-committee').id, name: '温秀英' }] } };
}

/** Every search attribute and memo entry of the workflow as text, read raw from the server (search attributes are never encoded). */
async function indexedAndMemo(handle: WorkflowHandle): Promise<{ attributes: Record<string, unknown>; memo: Record<string, unknown> }> {
  const described = await handle.describe();
  const fields = described.raw.workflowExecutionInfo?.searchAttributes?.indexedFields ?? {};
  const attributes = Object.fromEntries(
    Object.entries(fields).map(([key, payload]) => [key, defaultPayloadConverter.fromPayload(payload)]),
  );
  return { attributes, memo: described.memo ?? {} };
}

/** The personal values of the roster that appear in any search attribute or memo entry, as `field of member: value`. */
function personalValuesIn(seen: { attributes: Record<string, unknown>; memo: Record<string, unknown> }, roster: readonly Member[]) {
  const values = [...Object.values(seen.attributes), ...Object.values(seen.memo)].flatMap(flatten);
  const found: string[] = [];
  for (const member of roster) {
    for (const field of PERSONAL_FIELDS) {
      const value = member[field];
      if (value === undefined) continue;
      // A name (in characters or pinyin) or a date anywhere inside a value; an enumerated word (male, suspended, college) as a whole value.
      const hit =
        field === 'name' || field === 'pinyin' || field.endsWith('Date') || field === 'joinedParty' || field === 'fullMemberSince'
          ? values.some((v) => v.includes(value))
          : values.some((v) => v === value);
      if (hit) found.push(`${field} of ${member.id}: ${value}`);
    }
  }
  return found;
}

function flatten(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (value && typeof value === 'object') return Object.values(value).flatMap(flatten);
  return [String(value)];
}

describe('search attributes and memo hold no personal data', () => {
  it('lists no roster name, birth date, gender, standing or education, no approver and no objector, from the start to the end', async () => {
    const raw = villageWithPersonalData();
    const input = electionInputSchema.parse(raw);
    const started = await startElection(env.client, raw, input, {
      taskQueue: env.taskQueue,
      facts: { representatives: 24, category: 'good', stable: true, seats: 5 },
    });
    expect(started.outcome).toBe('started');
    const handle = env.client.workflow.getHandle(started.workflowId);
    const snapshots = [await indexedAndMemo(handle)];

    await driveUntil(handle, scriptFor(raw), (v) => v.stage === 'publicity');
    const publicity = await handle.query<{ candidates: string[] }>('status');
    await decide(handle, {
      type: 'FILE_OBJECTION',
      by: person('village-branch'),
      candidateId: publicity.candidates[0]!,
      grounds: 'an undeclared quarry lease',
      filedBy: 'Objector Gao Xiaoming',
    });
    snapshots.push(await indexedAndMemo(handle));
    await decide(handle, { type: 'RECORD_OBJECTION_FINDINGS', by: person('inspection-team'), findings: 'the lease was declared in 2024' });
    await decide(handle, { type: 'RULE_OBJECTION', by: person('town-committee'), ruling: 'dismissed', reason: 'declared in time' });
    await driveUntil(handle, scriptFor(raw), (v) => v.status !== 'running', undefined, 90000);
    snapshots.push(await indexedAndMemo(handle));

    for (const seen of snapshots) {
      // The attributes an operator filters on, and nothing else: a new one must be added here, and checked, on purpose.
      expect(Object.keys(SEARCH_ATTRIBUTES)).toEqual(
        expect.arrayContaining(Object.keys(seen.attributes).filter((k) => !SERVER_ATTRIBUTES.test(k))),
      );
      expect(seen.attributes).toMatchObject({ Town: raw.town, Village: raw.village, Term: raw.term });
      expect(personalValuesIn(seen, input.roster)).toEqual([]);
      const text = JSON.stringify(seen);
      for (const value of ['温秀英', 'Objector Gao Xiaoming', 'quarry lease', 'declared in 2024', 'declared in time'])
        expect(text).not.toContain(value);
    }
    // The memo holds the roster's village facts only, none about a member.
    expect(snapshots[0]!.memo).toEqual({ rosterFacts: { representatives: 24, category: 'good', stable: true, seats: 5 } });
    // The check itself finds a value when one is there: a name and a pinyin planted in a copy are reported.
    const suspended = input.roster[7]!;
    const planted = { ...snapshots[0]!, attributes: { ...snapshots[0]!.attributes, Village: `${suspended.name} (${suspended.pinyin})` } };
    expect(personalValuesIn(planted, input.roster)).toEqual([`name of ${suspended.id}: 乔守义`, `pinyin of ${suspended.id}: Qiao Shouyi`]);
  }, 150_000);
});
