import { decideCommand } from '../../client/commands/decide';
import { commandHelp } from '../../client/commands/help';
import { DECISION_EXAMPLES } from '../../client/decisionExamples';
import { DECISION_ROLES, DECISION_TYPES, decisionSchemas } from '../../machines/events';
import { describeZodIssues } from '../../machines/input';

describe('the example payloads of election decide --help', () => {
  it('gives one example for every decision type, and none for a type that does not exist', () => {
    expect(Object.keys(DECISION_EXAMPLES).sort()).toEqual([...DECISION_TYPES].sort());
  });

  it.each(DECISION_TYPES)('gives an example of %s that its decision schema accepts', (type) => {
    const decision = { ...DECISION_EXAMPLES[type], type, by: { id: 'wang.li', role: DECISION_ROLES[type][0] } };
    const parsed = decisionSchemas[type].safeParse(decision);
    expect(parsed.success ? [] : describeZodIssues(parsed.error, decision)).toEqual([]);
  });

  it('shows each type with its roles, its fields and its example as a --payload to copy', () => {
    const help = commandHelp(decideCommand);
    for (const type of DECISION_TYPES) expect(help).toContain(`--payload '${JSON.stringify(DECISION_EXAMPLES[type])}'`);
    expect(help).toContain('RECORD_ATTENDANCE   by guidance-group');
    expect(help).toMatch(/RECORD_ATTENDANCE {3}by guidance-group\n {4}fields: {2}present, excusals\?/);
  });
});
